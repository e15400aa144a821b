import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import forward_backward, randn


@pytest.mark.parametrize("p", [2, 3, -1, 0.5, 1.5])
def test_gradients_and_reference(p):
    x = randn((3, 5), low=0.3) if p != int(p) or p < 0 else randn((3, 5))
    check_module_gradients(nn.Power(p).astype(np.float64), x, rtol=1e-4)
    y, gx, gy = forward_backward(nn.Power(p), x)
    x32 = x.astype(np.float32).astype(np.float64)
    np.testing.assert_allclose(y, x32 ** p, rtol=1e-5)
    np.testing.assert_allclose(gx, p * x32 ** (p - 1) * gy, rtol=1e-5, atol=1e-6)


def test_negative_base_integer_power():
    np.testing.assert_allclose(nn.Power(3).forward(np.array([-2.0], np.float32)), [-8])
