"""SpatialSubSampling: numpy window sums, gradients, init and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("args, shape", [((3, 3, 2, 2, 1), (1, 3, 7, 6)), ((2, 2, 2, 2, 2), (2, 2, 5, 5)),
                                         ((1, 1, 3, 1, 2), (1, 1, 7, 3))])
def test_forward_and_gradients(args, shape):
    m = nn.SpatialSubSampling(*args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    win = np.lib.stride_tricks.sliding_window_view(x, (m.kH, m.kW), axis=(2, 3))[:, :, ::m.dH, ::m.dW]
    ref = m.bias[None, :, None, None] + m.weight[None, :, None, None] * win.sum(axis=(4, 5))
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-12, atol=1e-12)
    check_module_gradients(m, x)
    check_module_gradients(m, x[0])


def test_init_and_errors():
    m = nn.SpatialSubSampling(4, 3, 2)
    assert m.weight.shape == (4,) and m.bias.shape == (4,)
    bound = 1 / np.sqrt(3 * 2)
    assert 0.5 * bound < np.abs(m.weight).max() <= bound and np.abs(m.bias).max() <= bound
    with pytest.raises(ValueError, match=r"SpatialSubSampling.*3 channels.*expected 4.*\(N, 4, H, W\)"):
        m.forward(np.zeros((1, 3, 5, 5), np.float32))
    with pytest.raises(ValueError, match=r"SpatialSubSampling.*too small.*expected H >= 2 and W >= 3"):
        m.forward(np.zeros((1, 4, 5, 2), np.float32))
