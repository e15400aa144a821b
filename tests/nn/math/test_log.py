import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import forward_backward, randn


def test_gradients_and_reference():
    for shape in [(1,), (3, 5), (2, 1, 3)]:
        check_module_gradients(nn.Log().astype(np.float64), randn(shape, low=0.2), rtol=1e-4)
    x = randn((4, 3), low=0.1).astype(np.float32)
    y, gx, gy = forward_backward(nn.Log(), x)
    np.testing.assert_allclose(y, np.log(x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(gx, gy / x, rtol=1e-6)


def test_zero_and_negative_show():
    y = nn.Log().forward(np.array([0.0, -1.0, 1.0], np.float32))
    assert y[0] == -np.inf and np.isnan(y[1]) and y[2] == 0
