import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import forward_backward, randn


def test_gradients_and_reference():
    x = randn((3, 5, 2)) * 2
    x[np.abs(x + 0.5) < 0.02] = 0.1
    x[np.abs(x - 1.2) < 0.02] = 0.1
    check_module_gradients(nn.Clamp(-0.5, 1.2).astype(np.float64), x)
    y, gx, gy = forward_backward(nn.Clamp(-0.5, 1.2), x)
    x32 = x.astype(np.float32)
    np.testing.assert_array_equal(y, np.clip(x32, np.float32(-0.5), np.float32(1.2)))
    np.testing.assert_array_equal(gx, gy * ((x32 > -0.5) & (x32 < np.float32(1.2))))
    with pytest.raises(ValueError, match=r"Clamp: max_value \(0\) must be larger than min_value \(1\)"):
        nn.Clamp(1, 0)
