import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import forward_backward, randn


def test_gradients_and_reference():
    for shape in [(1,), (3, 5), (2, 1, 3)]:
        check_module_gradients(nn.Square().astype(np.float64), randn(shape))
    x = randn((4, 3)).astype(np.float32)
    y, gx, gy = forward_backward(nn.Square(), x)
    np.testing.assert_allclose(y, x * x, rtol=1e-6)
    np.testing.assert_allclose(gx, 2 * gy * x, rtol=1e-6)
