"""The depth-ablation builder: depth_mlp (student and modern recipes)."""
import numpy as np
import pytest

import nnlib
from nnlib import models, nn


def _linears(model):
    return [m for m in model.modules if isinstance(m, nn.Linear)]


def test_widths_come_in_decreasing_pairs_down_to_60():
    assert models.depth_widths(5) == [200, 200, 190, 190, 180]
    widths = models.depth_widths(34)
    assert widths[28:30] == [60, 60] and widths[27] == 70 and widths[30:] == [60] * 4


@pytest.mark.parametrize("layers", [0, 1, 4, 7])
def test_student_recipe_layers(layers):
    model = models.depth_mlp(layers, input_size=11, n_classes=3)
    kinds = [type(m) for m in model.modules]
    assert kinds == [nn.Linear, nn.ReLU] * layers + [nn.Linear, nn.LogSoftMax]
    shapes = [m.weight.shape for m in _linears(model)]
    sizes = [11] + models.depth_widths(layers)
    assert shapes == [(b, a) for a, b in zip(sizes, sizes[1:])] + [(3, sizes[-1])]
    out = model.forward(np.random.default_rng(0).random((2, 11), dtype=np.float32))
    assert out.shape == (2, 3)


def test_student_recipe_is_torch_default_init():
    model = models.depth_mlp(2)
    for linear in _linears(model):
        bound = 1 / np.sqrt(linear.weight.shape[1])
        assert np.abs(linear.weight).max() <= bound and np.abs(linear.bias).max() <= bound
        assert linear.weight.std() == pytest.approx(bound / np.sqrt(3), rel=0.05)


def test_modern_recipe_adds_batch_norm_and_he_init():
    nnlib.manual_seed(0)
    model = models.depth_mlp(3, recipe="modern")
    kinds = [type(m) for m in model.modules]
    assert kinds == [nn.Linear, nn.BatchNormalization, nn.ReLU] * 3 + [nn.Linear, nn.LogSoftMax]
    hidden = _linears(model)[:-1]
    for linear in hidden:
        fan_in = linear.weight.shape[1]
        assert linear.weight.mean() == pytest.approx(0, abs=0.05 * np.sqrt(2 / fan_in))
        assert linear.weight.std() == pytest.approx(np.sqrt(2 / fan_in), rel=0.03)
        assert not linear.bias.any()
    output = _linears(model)[-1]
    assert np.abs(output.weight).max() <= 1 / np.sqrt(output.weight.shape[1])
    model.training()
    out = model.forward(np.random.default_rng(0).random((4, 784), dtype=np.float32))
    assert out.shape == (4, 10) and out.dtype == np.float32


def test_seeded_builds_are_identical():
    nnlib.manual_seed(5)
    a = models.depth_mlp(3, recipe="modern")
    nnlib.manual_seed(5)
    b = models.depth_mlp(3, recipe="modern")
    for p, q in zip(a.parameters()[0], b.parameters()[0]):
        assert p.tobytes() == q.tobytes()


@pytest.mark.parametrize("layers", [-1, 2.5, True, "3"])
def test_bad_hidden_layers_is_a_clear_error(layers):
    with pytest.raises(ValueError, match="depth_mlp: hidden_layers must be an int >= 0"):
        models.depth_mlp(layers)


def test_bad_recipe_is_a_clear_error():
    with pytest.raises(ValueError, match=r"depth_mlp: unknown recipe 'he'; choose one of \('student', 'modern'\)"):
        models.depth_mlp(2, recipe="he")
