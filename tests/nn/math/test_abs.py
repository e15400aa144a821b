import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import forward_backward, randn


def test_gradients_and_reference():
    for shape in [(1,), (3, 5), (2, 1, 3)]:
        x = randn(shape)
        x += np.sign(x) * 0.02
        check_module_gradients(nn.Abs().astype(np.float64), x)
    x = np.array([-2, 0, 3], np.float32)
    y, gx, gy = forward_backward(nn.Abs(), x)
    np.testing.assert_array_equal(y, [2, 0, 3])
    np.testing.assert_array_equal(gx, gy * np.array([-1, 1, 1]))  # Torch7: +1 at 0
