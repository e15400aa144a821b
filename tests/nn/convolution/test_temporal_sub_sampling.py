"""TemporalSubSampling: numpy window sums, gradients, init and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("args, shape", [((3, 3, 2), (1, 8, 3)), ((2, 1), (2, 5, 2)), ((1, 4, 3), (2, 10, 1))])
def test_forward_and_gradients(args, shape):
    m = nn.TemporalSubSampling(*args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    win = np.lib.stride_tricks.sliding_window_view(x, m.kW, axis=1)[:, ::m.dW]  # (N, oT, F, kW)
    np.testing.assert_allclose(m.forward(x), m.bias + m.weight * win.sum(axis=3), rtol=1e-12, atol=1e-12)
    check_module_gradients(m, x)
    check_module_gradients(m, x[0])


def test_init_and_errors():
    m = nn.TemporalSubSampling(4, 3)
    assert m.weight.shape == (4,) and m.bias.shape == (4,)
    bound = 1 / np.sqrt(3)
    assert 0.5 * bound < np.abs(m.weight).max() <= bound and np.abs(m.bias).max() <= bound
    with pytest.raises(ValueError, match=r"TemporalSubSampling.*5 features.*expected 4.*\(N, T, 4\)"):
        m.forward(np.zeros((2, 6, 5), np.float32))
    with pytest.raises(ValueError, match="dW=0"):
        nn.TemporalSubSampling(4, 3, 0)
