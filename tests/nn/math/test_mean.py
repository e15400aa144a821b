import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import forward_backward, randn


def test_mean_is_sum_with_size_average():
    x = randn((3, 1, 5))
    check_module_gradients(nn.Mean(2).astype(np.float64), x)
    check_module_gradients(nn.Mean(0, 1).astype(np.float64), randn((3, 5)))
    y, gx, gy = forward_backward(nn.Mean(-1), x)
    np.testing.assert_allclose(y, x.astype(np.float32).mean(-1), rtol=1e-6)
    np.testing.assert_allclose(gx, np.repeat(gy[..., None] / 5, 5, -1), rtol=1e-6)
    assert repr(nn.Mean(1)) == "nn.Mean(1)"
