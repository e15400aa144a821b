"""rnn's LSTM: peephole connections (cell2gate) on by default."""
import numpy as np

import nnlib
from nnlib import nn


def _sig(a):
    return 1 / (1 + np.exp(-a))


def lstm_reference(x, w_x, b, w_h, w_c, w_p=None):
    """Plain numpy LSTM over (T, N, I): peepholes w_c (3, H) (zeros: none), optional projection w_p (P, H)."""
    hidden = w_h.shape[0] // 4
    n = x.shape[1]
    h = np.zeros((n, w_h.shape[1]))
    c = np.zeros((n, hidden))
    out = []
    for x_t in x:
        a = x_t @ w_x.T + b + h @ w_h.T
        i = _sig(a[:, :hidden] + w_c[0] * c)
        f = _sig(a[:, hidden:2 * hidden] + w_c[1] * c)
        g = np.tanh(a[:, 3 * hidden:])
        c = f * c + i * g
        o = _sig(a[:, 2 * hidden:3 * hidden] + w_c[2] * c)
        h = o * np.tanh(c)
        if w_p is not None:
            h = h @ w_p.T
        out.append(h)
    return np.stack(out)


def test_forward_matches_numpy_with_peepholes():
    m = nn.LSTM(3, 5).astype(np.float64)
    assert m.cell2gate and m.weight_c.shape == (3, 5) and np.abs(m.weight_c).max() > 0
    x = np.random.default_rng(0).standard_normal((4, 2, 3))
    np.testing.assert_allclose(nn.Sequencer(m).forward(x),
                               lstm_reference(x, m.weight_x, m.bias, m.weight_h, m.weight_c), rtol=1e-12)


def test_without_cell2gate_is_fast_lstm():
    m = nn.LSTM(3, 4, 9999, False).astype(np.float64)
    fast = nn.FastLSTM(3, 4).astype(np.float64)
    assert m.parameters()[0].__len__() == 3 and "cell2gate=False" in repr(m)
    for a, b in zip(fast.parameters()[0], m.parameters()[0]):
        a[...] = b
    x = np.random.default_rng(1).standard_normal((3, 2, 3))
    np.testing.assert_array_equal(nn.Sequencer(m).forward(x), nn.Sequencer(fast).forward(x))


def test_file_saved_before_peepholes_loads_as_fast_lstm(tmp_path):
    """nnlib's LSTM used to compute FastLSTM's cell: such a file (class LSTM, no cell2gate) loads as FastLSTM."""
    old = nn.FastLSTM(3, 4)
    old.__class__ = nn.LSTM
    del old.cell2gate
    nnlib.save(tmp_path / "old.h5", nn.Sequencer(old))
    loaded = nnlib.load(tmp_path / "old.h5")
    assert type(loaded.module) is nn.FastLSTM and not loaded.module.cell2gate
    x = np.random.default_rng(2).standard_normal((3, 2, 3)).astype(np.float32)
    old.__class__, old.cell2gate = nn.FastLSTM, False
    np.testing.assert_array_equal(loaded.forward(x), nn.Sequencer(old).forward(x))


def test_save_load_keeps_peepholes(tmp_path):
    m = nn.LSTM(2, 3)
    nnlib.save(tmp_path / "lstm.h5", m)
    loaded = nnlib.load(tmp_path / "lstm.h5")
    assert type(loaded) is nn.LSTM and loaded.cell2gate
    np.testing.assert_array_equal(loaded.weight_c, m.weight_c)
