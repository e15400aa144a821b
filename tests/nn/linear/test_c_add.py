import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

CASES = [((5,), (5,)), ((3, 1), (3, 5)), ((3, 5), (15,)), ((3, 5), (2, 3, 5)), ((5,), (1, 5)), ((5,), (3, 5))]


@pytest.mark.parametrize("size, shape", CASES)
def test_gradients(size, shape):
    m = nn.CAdd(*size).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(0).standard_normal(shape))


def test_forward_matches_numpy():
    m = nn.CAdd(3, 1).astype(np.float64)
    x = np.random.default_rng(1).standard_normal((3, 4))
    np.testing.assert_array_equal(m.forward(x), x + m.bias)
    m = nn.CAdd(2, 3).astype(np.float64)
    x = np.random.default_rng(1).standard_normal((5, 3, 2))  # a batch of 6-element samples
    np.testing.assert_array_equal(m.forward(x), (x.reshape(5, 6) + m.bias.reshape(1, 6)).reshape(5, 3, 2))


def test_grad_bias_sums_the_batch_with_scale():
    m = nn.CAdd(2, 1).astype(np.float64)
    x = np.zeros((2, 3))
    m.forward(x)
    m.backward(x, np.arange(6.0).reshape(2, 3), 2.0)
    np.testing.assert_allclose(m.grad_bias, [[6.0], [24.0]])


def test_reset_bound():
    b = nn.CAdd(100).bias
    assert np.abs(b).max() <= 0.1 and np.abs(b).max() > 0.09
