import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import forward_backward, randn


def test_gradients_and_reference():
    for shape in [(1,), (3, 5), (2, 1, 3)]:
        check_module_gradients(nn.Sqrt().astype(np.float64), randn(shape, low=0.2), rtol=1e-4)
    check_module_gradients(nn.Sqrt(0.5).astype(np.float64), randn((3, 4), low=0.0), rtol=1e-4)
    x = randn((4, 3), low=0.0).astype(np.float32)
    y, gx, gy = forward_backward(nn.Sqrt(1e-3), x)
    np.testing.assert_allclose(y, np.sqrt(x + 1e-3), rtol=1e-6)
    np.testing.assert_allclose(gx, 0.5 * gy / np.sqrt(x + 1e-3), rtol=1e-5)


def test_zero_has_zero_gradient():
    m = nn.Sqrt()
    x = np.zeros(3, np.float32)
    m.forward(x)
    np.testing.assert_array_equal(m.backward(x, np.ones(3, np.float32)), 0)
