"""rnn's GRU: the reset gate multiplies h_{t-1} before its product (not PyTorch's form)."""
import numpy as np

import nnlib
from nnlib import nn


def _sig(a):
    return 1 / (1 + np.exp(-a))


def gru_reference(x, w_x, b, w_h):
    """Plain numpy rnn GRU over (T, N, I)."""
    hidden = w_h.shape[1]
    h = np.zeros((x.shape[1], hidden))
    out = []
    for x_t in x:
        a = x_t @ w_x.T + b
        r = _sig(a[:, :hidden] + h @ w_h[:hidden].T)
        z = _sig(a[:, hidden:2 * hidden] + h @ w_h[hidden:2 * hidden].T)
        n = np.tanh(a[:, 2 * hidden:] + (r * h) @ w_h[2 * hidden:].T)
        h = (1 - z) * n + z * h
        out.append(h)
    return np.stack(out)


def test_forward_matches_numpy():
    for hidden in (4, 37):
        m = nn.GRU(3, hidden).astype(np.float64)
        x = np.random.default_rng(0).standard_normal((4, 2, 3))
        np.testing.assert_allclose(nn.Sequencer(m).forward(x), gru_reference(x, m.weight_x, m.bias, m.weight_h),
                                   rtol=1e-12)


def test_differs_from_the_pytorch_form():
    m, t = nn.GRU(2, 3).astype(np.float64), nn.TorchGRU(2, 3).astype(np.float64)
    t.weight_x[...], t.bias_x[...], t.weight_h[...], t.bias_h[...] = m.weight_x, m.bias, m.weight_h, 0
    x = np.random.default_rng(1).standard_normal((3, 1, 2))
    assert not np.allclose(nn.Sequencer(m).forward(x), nn.Sequencer(t).forward(x))


def test_file_saved_before_rnns_form_loads_as_torch_gru(tmp_path):
    """nnlib's GRU used to compute the PyTorch-form cell: such a file (class GRU, bias_h) loads as TorchGRU."""
    old = nn.TorchGRU(3, 4)
    old.__class__ = nn.GRU
    nnlib.save(tmp_path / "old.h5", old)
    loaded = nnlib.load(tmp_path / "old.h5")
    assert type(loaded) is nn.TorchGRU
    old.__class__ = nn.TorchGRU
    x = np.random.default_rng(2).standard_normal((3, 2, 3)).astype(np.float32)
    np.testing.assert_array_equal(nn.Sequencer(loaded).forward(x), nn.Sequencer(old).forward(x))
    nnlib.save(tmp_path / "new.h5", nn.GRU(3, 4))
    assert type(nnlib.load(tmp_path / "new.h5")) is nn.GRU
