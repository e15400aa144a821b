"""The CNN builders: seed_cnn options and errors, the zoo's published shapes and parameter counts,
and the seed CNN learning a small synthetic image task."""
import numpy as np
import pytest

import nnlib
from nnlib import models, nn


def n_parameters(model):
    return sum(p.size for p in model.parameters()[0])


def test_seed_cnn_layers_and_flatten_size():
    model = models.seed_cnn()
    convs = [m for m in model.list_modules() if isinstance(m, nn.SpatialConvolution)]
    assert [(c.n_in, c.n_out, c.kW) for c in convs] == [(1, 32, 5), (32, 64, 5)]
    pools = [m for m in model.list_modules() if isinstance(m, nn.SpatialMaxPooling)]
    assert [(p.kW, p.dW) for p in pools] == [(3, 2), (3, 2)]
    linear = [m for m in model.list_modules() if isinstance(m, nn.Linear)]
    assert [(l.input_size, l.output_size) for l in linear] == [(64 * 3 * 3, 10)]  # 28 -> 24 -> 11 -> 7 -> 3
    out = model.forward(np.zeros((2, 1, 28, 28), np.float32))
    assert out.shape == (2, 10)
    np.testing.assert_allclose(np.exp(out).sum(axis=1), 1, rtol=1e-5)


def test_seed_cnn_options():
    model = models.seed_cnn(input_shape=(3, 20, 18), channel_sizes=(8, 16), kernel_sizes=(3, 3), pool_sizes=(2, 0),
                            padding=True, hidden_sizes=(12,), activation="tanh", dropout_probs=(0.1, 0.2, 0.3, 0.4),
                            batch_norm=True, n_classes=4)
    kinds = [type(m).__name__ for m in model.modules]
    assert kinds == ["SpatialDropout", "SpatialConvolution", "SpatialBatchNormalization", "Tanh", "SpatialMaxPooling",
                     "SpatialDropout", "SpatialConvolution", "SpatialBatchNormalization", "Tanh", "Collapse",
                     "Dropout", "Linear", "BatchNormalization", "Tanh", "Dropout", "Linear", "LogSoftMax"]
    assert model.modules[11].input_size == 16 * 10 * 9  # padding keeps 20x18, one 2x2 pool halves it
    assert model.forward(np.zeros((3, 3, 20, 18), np.float32)).shape == (3, 4)


def test_seed_cnn_input_that_shrinks_to_nothing():
    with pytest.raises(ValueError, match=r"seed_cnn: a 12x12 input shrinks to nothing: layer 4 .*SpatialConvolution"
                                         r".*gets 3x3 feature maps.*smaller than its 5x5 window"):
        models.seed_cnn(input_shape=(1, 12, 12))


def test_seed_cnn_bad_options():
    with pytest.raises(ValueError, match="kernel_sizes has 3 values for 2 convolution layers"):
        models.seed_cnn(kernel_sizes=(5, 5, 5))
    with pytest.raises(ValueError, match="unknown activation 'elu'"):
        models.seed_cnn(activation="elu")


def test_lenet5():
    model = models.lenet5()
    assert model.forward(np.zeros((2, 1, 32, 32), np.float32)).shape == (2, 10)
    convs = [m for m in model.modules if isinstance(m, nn.SpatialConvolution)]
    assert [c.weight.size + c.bias.size for c in convs] == [156, 2416, 48120]  # C1, C3 (full), C5
    assert model.modules[9].weight.size + model.modules[9].bias.size == 10164  # F6
    assert n_parameters(model) == 61706


def test_inception_3a():
    block = models.inception_block(192, 64, 96, 128, 16, 32, 32)
    x = np.random.default_rng(0).standard_normal((1, 192, 28, 28)).astype(np.float32)
    assert block.forward(x).shape == (1, 256, 28, 28)
    # the paper's table 1 lists 159K for inception (3a); with biases the branches hold
    assert n_parameters(block) == 192 * 64 + 192 * 96 + 96 * 128 * 9 + 192 * 16 + 16 * 32 * 25 + 192 * 32 + 368


@pytest.mark.slow
def test_alexnet():
    model = models.alexnet()
    assert n_parameters(model) == 62378344
    model.evaluate()
    assert model.forward(np.zeros((1, 3, 227, 227), np.float32)).shape == (1, 1000)
    pooled = [m for m in model.modules if isinstance(m, nn.SpatialMaxPooling)][-1]
    assert pooled.output.shape == (1, 256, 6, 6)


@pytest.mark.slow
def test_overfeat_fast():
    model = models.overfeat_fast()
    assert n_parameters(model) == 145920872
    model.evaluate()
    assert model.forward(np.zeros((1, 3, 231, 231), np.float32)).shape == (1, 1000)
    pooled = [m for m in model.modules if isinstance(m, nn.SpatialMaxPooling)][-1]
    assert pooled.output.shape == (1, 1024, 6, 6)


def bars_and_crosses(n, rng):
    """28x28 images: a single horizontal or vertical bar (class 0) or a cross (class 1), plus noise."""
    x = rng.normal(0, 0.1, (n, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 2, n)
    for i in range(n):
        r, c = rng.integers(6, 22, 2)
        length = rng.integers(8, 14)
        lo_r, lo_c = max(0, r - length // 2), max(0, c - length // 2)
        horizontal = y[i] == 1 or rng.random() < 0.5
        vertical = y[i] == 1 or not horizontal
        if horizontal:
            x[i, 0, r, lo_c:lo_c + length] += 1
        if vertical:
            x[i, 0, lo_r:lo_r + length, c] += 1
    return x, y


def test_seed_cnn_learns_bars_versus_crosses():
    rng = np.random.default_rng(0)
    x, y = bars_and_crosses(300, rng)
    x_test, y_test = bars_and_crosses(100, rng)
    nnlib.manual_seed(0)
    model = models.seed_cnn(n_classes=2)
    criterion = nn.ClassNLLCriterion()
    params, grads = model.get_parameters()
    for epoch in range(8):
        for i in range(0, len(x), 10):
            out = model.forward(x[i:i + 10])
            criterion.forward(out, y[i:i + 10])
            grads.fill(0)
            model.backward(x[i:i + 10], criterion.backward(out, y[i:i + 10]))
            params -= np.float32(0.05) * grads
    model.evaluate()
    assert (model.forward(x_test).argmax(axis=1) == y_test).mean() == 1.0


def test_seed_cnn_step_is_bitwise_repeatable_with_two_threads():
    previous = nnlib.get_num_threads()
    nnlib.set_num_threads(2)
    try:
        x = np.random.default_rng(3).random((7, 1, 28, 28), dtype=np.float32)
        y = np.arange(7) % 10
        results = []
        for _ in range(3):
            nnlib.manual_seed(5)
            model, criterion = models.seed_cnn(), nn.ClassNLLCriterion()
            params, grads = model.get_parameters()
            out = model.forward(x)
            criterion.forward(out, y)
            gx = model.backward(x, criterion.backward(out, y))
            results.append(out.tobytes() + gx.tobytes() + grads.tobytes())
        assert results[0] == results[1] == results[2]
    finally:
        nnlib.set_num_threads(previous)
