import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", [(5,), (1, 5), (3, 5)])
@pytest.mark.parametrize("output_size", [3, 9])  # 9: batches of 1 and 3 take the transposed product
def test_gradients(shape, bias, output_size):
    m = nn.Linear(5, output_size, bias=bias).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(0).standard_normal(shape))


def test_output_and_shapes():
    m = nn.Linear(5, 3).astype(np.float64)
    x = np.random.default_rng(1).standard_normal((4, 5))
    np.testing.assert_allclose(m.forward(x), x @ m.weight.T + m.bias)
    assert m.forward(x[0]).shape == (3,)
    assert nn.Linear(5, 3, bias=False).parameters()[0][0].shape == (3, 5)
    assert len(nn.Linear(5, 3, bias=False).parameters()[0]) == 1


def test_torch_init_range():
    w = nn.Linear(100, 50).weight
    assert np.abs(w).max() <= 0.1 and np.abs(w).max() > 0.09


def test_backward_scale_accumulates():
    m = nn.Linear(3, 2).astype(np.float64)
    x, g = np.ones((2, 3)), np.ones((2, 2))
    m.forward(x)
    m.backward(x, g, 0.5)
    m.backward(x, g, 0.5)
    np.testing.assert_allclose(m.grad_weight, g.T @ x)
    np.testing.assert_allclose(m.grad_bias, [2, 2])


def test_grad_output_shape_mismatch():
    m = nn.Linear(3, 2)
    x = np.ones((2, 3), np.float32)
    m.forward(x)
    with pytest.raises(ValueError, match=r"nn.Linear\(3 -> 2\): grad_output shape \(2, 3\) does not match shape \(2, 2\)"):
        m.backward(x, x)


def test_need_grad_input_false_skips_only_the_input_gradient():
    x = np.random.default_rng(0).standard_normal((3, 5)).astype(np.float32)
    full, skip = nn.Linear(5, 4), nn.Linear(5, 4)
    skip.weight[...], skip.bias[...] = full.weight, full.bias
    skip.need_grad_input = False
    gy = np.ones((3, 4), np.float32)
    full.forward(x)
    skip.forward(x)
    assert full.backward(x, gy) is not None and skip.backward(x, gy) is None
    np.testing.assert_array_equal(skip.grad_weight, full.grad_weight)
    np.testing.assert_array_equal(skip.grad_bias, full.grad_bias)


@pytest.mark.parametrize("replace", ["weight", "grad_weight"])
def test_a_replaced_weight_of_another_shape_or_dtype_is_named(replace):
    layer = nn.Linear(7, 5)
    x = np.ones((3, 7), np.float32)
    for bad in (np.zeros((5, 6), np.float32), np.zeros((5, 7), np.float64)):
        setattr(layer, replace, bad)
        with pytest.raises(ValueError, match=r"Linear\(7 -> 5\).*expected (grad_)?weight \(5, 7\)"):
            layer.backward(x, layer.forward(x))
