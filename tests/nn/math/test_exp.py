import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import forward_backward, randn


def test_gradients_and_reference():
    for shape in [(1,), (3, 5), (2, 1, 3)]:
        check_module_gradients(nn.Exp().astype(np.float64), randn(shape))
    x = randn((4, 3)).astype(np.float32)
    y, gx, gy = forward_backward(nn.Exp(), x)
    np.testing.assert_allclose(y, np.exp(x), rtol=1e-6)
    np.testing.assert_allclose(gx, gy * np.exp(x), rtol=1e-6)
