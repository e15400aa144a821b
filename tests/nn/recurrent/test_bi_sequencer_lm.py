import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _x(steps=4, n=2, size=3, seed=0):
    return np.random.default_rng(seed).standard_normal((steps, n, size))


def test_gradients():
    check_module_gradients(nn.BiSequencerLM(nn.LSTM(3, 2), nn.GRU(3, 3)).astype(np.float64), _x(n=1))


def test_output_at_t_never_sees_x_t():
    lm = nn.BiSequencerLM(nn.LSTM(3, 2)).astype(np.float64)
    x = _x(steps=5)
    base = lm.forward(x).copy()
    for t in range(5):
        x2 = x.copy()
        x2[t] += 1.0
        out = lm.forward(x2)
        np.testing.assert_allclose(out[t], base[t], rtol=1e-12)
        assert not np.allclose(out, base)


def test_layout_matches_rnn():
    fwd, bwd = nn.LSTM(3, 2).astype(np.float64), nn.LSTM(3, 2).astype(np.float64)
    x = _x(steps=4)
    out = nn.BiSequencerLM(fwd, bwd).forward(x)
    assert not out[0, :, :2].any() and not out[-1, :, 2:].any()
    np.testing.assert_allclose(out[1:, :, :2], nn.Sequencer(fwd).forward(x[:-1]), rtol=1e-12)
    np.testing.assert_allclose(out[:-1, :, 2:], nn.Sequencer(bwd).forward(x[:0:-1].copy())[::-1], rtol=1e-12)


def test_single_step_is_a_clear_error():
    with pytest.raises(ValueError, match="T >= 2"):
        nn.BiSequencerLM(nn.LSTM(3, 2)).forward(np.zeros((1, 2, 3), dtype=np.float32))
