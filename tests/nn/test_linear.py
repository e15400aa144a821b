import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", [(5,), (1, 5), (3, 5)])
def test_gradients(shape, bias):
    m = nn.Linear(5, 3, bias=bias).astype(np.float64)
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
