"""The examples of torch/nn's doc/containers.md, translated to nnlib (0-based dims and
indices), asserting the results the page documents."""

import numpy as np
import pytest

import nnlib
from nnlib import nn

f32 = np.float32


def test_sequential_mlp():
    nnlib.manual_seed(0)
    mlp = nn.Sequential()
    mlp.add(nn.Linear(10, 25))
    mlp.add(nn.Tanh())
    mlp.add(nn.Linear(25, 1))
    assert repr(mlp) == ("nn.Sequential {\n"
                         "  [input -> (1) -> (2) -> (3) -> output]\n"
                         "  (1): nn.Linear(10 -> 25)\n"
                         "  (2): nn.Tanh\n"
                         "  (3): nn.Linear(25 -> 1)\n"
                         "}")
    x = np.random.default_rng(0).standard_normal(10).astype(f32)
    out = mlp.forward(x)
    assert out.shape == (1,)
    l1, l2 = mlp.get(0), mlp.get(2)
    np.testing.assert_allclose(out, l2.weight @ np.tanh(l1.weight @ x + l1.bias) + l2.bias, rtol=1e-5)


def test_sequential_remove():
    model = nn.Sequential()
    model.add(nn.Linear(10, 20))
    model.add(nn.Linear(20, 20))
    model.add(nn.Linear(20, 30))
    model.remove(1)  # Torch7's remove(2)
    assert repr(model) == ("nn.Sequential {\n"
                           "  [input -> (1) -> (2) -> output]\n"
                           "  (1): nn.Linear(10 -> 20)\n"
                           "  (2): nn.Linear(20 -> 30)\n"
                           "}")
    model.remove()  # no index: the last layer
    assert model.size() == 1


def test_sequential_insert():
    model = nn.Sequential()
    model.add(nn.Linear(10, 20))
    model.add(nn.Linear(20, 30))
    model.insert(nn.Linear(20, 20), 1)  # Torch7's insert(m, 2)
    assert repr(model) == ("nn.Sequential {\n"
                           "  [input -> (1) -> (2) -> (3) -> output]\n"
                           "  (1): nn.Linear(10 -> 20)\n"
                           "  (2): nn.Linear(20 -> 20)\n"
                           "  (3): nn.Linear(20 -> 30)\n"
                           "}")


def test_parallel():
    nnlib.manual_seed(0)
    mlp = nn.Parallel(1, 0)  # Torch7's Parallel(2, 1)
    mlp.add(nn.Linear(10, 3))
    mlp.add(nn.Linear(10, 2))
    x = np.random.default_rng(0).standard_normal((10, 2)).astype(f32)
    out = mlp.forward(x)
    assert out.shape == (5,)
    a, b = mlp.get(0), mlp.get(1)
    np.testing.assert_allclose(out, np.concatenate([a.weight @ x[:, 0] + a.bias,
                                                    b.weight @ x[:, 1] + b.bias]), rtol=1e-5)


def test_parallel_complicated_example():
    nnlib.manual_seed(0)
    rng = np.random.default_rng(0)
    mlp = nn.Sequential()
    c = nn.Parallel(0, 1)  # Torch7's Parallel(1, 2)
    for _ in range(10):
        t = nn.Sequential()
        t.add(nn.Linear(3, 2))
        t.add(nn.Reshape(2, 1))
        c.add(t)
    mlp.add(c)
    pred = mlp.forward(rng.standard_normal((10, 3)).astype(f32))
    assert pred.shape == (2, 10)
    criterion = nn.MSECriterion()
    y = np.ones((2, 10), f32)
    errs = []
    for _ in range(300):
        x = rng.standard_normal((10, 3)).astype(f32)
        pred = mlp.forward(x)
        errs.append(criterion.forward(pred, y))
        grad = criterion.backward(pred, y)
        mlp.zero_grad_parameters()
        mlp.backward(x, grad)
        mlp.update_parameters(0.01)
    assert np.mean(errs[-20:]) < 0.7 * np.mean(errs[:20])


def test_concat():
    nnlib.manual_seed(0)
    mlp = nn.Concat(0)  # Torch7's Concat(1)
    mlp.add(nn.Linear(5, 3))
    mlp.add(nn.Linear(5, 7))
    x = np.random.default_rng(0).standard_normal(5).astype(f32)
    out = mlp.forward(x)
    assert out.shape == (10,)
    a, b = mlp.get(0), mlp.get(1)
    np.testing.assert_allclose(out, np.concatenate([a.weight @ x + a.bias, b.weight @ x + b.bias]),
                               rtol=1e-5, atol=1e-6)


def test_depth_concat_zero_pads_around_smaller_maps():
    nnlib.manual_seed(0)
    input_size, output_size = 3, 2
    x = np.random.default_rng(0).standard_normal((input_size, 7, 7)).astype(f32)
    mlp = nn.DepthConcat(0)  # Torch7's DepthConcat(1)
    mlp.add(nn.SpatialConvolutionMM(input_size, output_size, 1, 1))
    mlp.add(nn.SpatialConvolutionMM(input_size, output_size, 3, 3))
    mlp.add(nn.SpatialConvolutionMM(input_size, output_size, 4, 4))
    out = mlp.forward(x)
    assert out.shape == (6, 7, 7)
    np.testing.assert_array_equal(out[0:2], mlp.get(0).output)
    # The 5x5 maps sit in the centre (one zero border); the 4x4 maps get one column and
    # row of zeros on the left and top, two on the right and bottom, as the doc notes.
    np.testing.assert_array_equal(out[2:4, 1:6, 1:6], mlp.get(1).output)
    np.testing.assert_array_equal(out[4:6, 1:5, 1:5], mlp.get(2).output)
    mask = np.ones((6, 7, 7), bool)
    mask[0:2] = False
    mask[2:4, 1:6, 1:6] = False
    mask[4:6, 1:5, 1:5] = False
    assert not out[mask].any()


def test_bottle():
    nnlib.manual_seed(0)
    x = np.random.default_rng(0).standard_normal((4, 5, 3, 10)).astype(f32)
    mlp = nn.Bottle(nn.Linear(10, 2))
    out = mlp.forward(x)
    assert out.shape == (4, 5, 3, 2)
    lin = mlp.module if hasattr(mlp, "module") else mlp.modules[0]
    np.testing.assert_allclose(out, x @ lin.weight.T + lin.bias, rtol=1e-5, atol=1e-6)


def test_dont_cast():
    nnlib.manual_seed(0)
    module = nn.DontCast(nn.Linear(3, 4).float())
    module.double()
    out = module.forward(np.array([1, 2, 3], f32))
    assert out.shape == (4,) and out.dtype == np.float32
    assert module.module.weight.dtype == np.float32


def test_nan_ids_and_error():
    linear = nn.Linear(3, 4)
    mlp = nn.Sequential()
    mlp.add(nn.NaN(nn.Identity()))
    mlp.add(nn.NaN(linear))
    mlp.add(nn.NaN(nn.Linear(4, 2)))
    ids = [m.id for m in mlp.modules]
    assert ids[1] == ids[0] + 1 and ids[2] == ids[1] + 1  # unique, incremented ids
    lines = repr(mlp).splitlines()
    assert lines[2].endswith(f"nn.NaN({ids[0]}) @ nn.Identity")
    assert lines[3].endswith(f"nn.NaN({ids[1]}) @ nn.Linear(3 -> 4)")
    linear.bias.fill(np.nan)
    with pytest.raises(FloatingPointError) as err:
        mlp.forward(np.random.default_rng(0).standard_normal((2, 3)).astype(f32))
    assert str(err.value) == f"NaN found in parameters of module :\nnn.NaN({ids[1]}) @ nn.Linear(3 -> 4)"


def test_nan_replace_one_liner():
    model = nn.Sequential(nn.Linear(3, 2), nn.Tanh())
    model = model.replace(lambda module: nn.NaN(module))
    assert isinstance(model, nn.NaN)


def test_profile(capsys):
    mlp = nn.Sequential()
    mlp.add(nn.Identity())
    mlp.add(nn.Linear(10, 10))
    mlp.add(nn.Tanh())
    mlp.replace(lambda module: nn.Profile(module, 5) if not isinstance(module, nn.Sequential) else module)
    x = np.random.default_rng(0).standard_normal(10).astype(f32)
    go = np.random.default_rng(1).standard_normal(10).astype(f32)
    for _ in range(5):
        mlp.forward(x)
        mlp.backward(x, go)
    out = capsys.readouterr().out
    for name in ("nn.Identity", "nn.Linear", "nn.Tanh"):
        assert f"{name} took" in out and "for 5 forward passes" in out and "for 5 backward passes" in out
