import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def _x(steps=4, n=2, size=3, seed=0):
    return np.random.default_rng(seed).standard_normal((steps, n, size))


def test_gradients():
    bi = nn.BiSequencer(nn.LSTM(3, 2), nn.GRU(3, 3)).astype(np.float64)
    check_module_gradients(bi, _x(n=1))


def test_halves_are_the_two_directions():
    fwd, bwd = nn.LSTM(3, 2).astype(np.float64), nn.LSTM(3, 2).astype(np.float64)
    x = _x()
    out = nn.BiSequencer(fwd, bwd).forward(x)
    np.testing.assert_allclose(out[..., :2], nn.Sequencer(fwd).forward(x), rtol=1e-12)
    np.testing.assert_allclose(out[..., 2:], nn.Sequencer(bwd).forward(x[::-1].copy())[::-1], rtol=1e-12)


def test_default_backward_net_is_a_fresh_copy():
    bi = nn.BiSequencer(nn.LSTM(3, 2))
    a, b = bi.modules[0].module, bi.modules[1].module
    assert type(a) is type(b) and a.weight_h is not b.weight_h and not np.array_equal(a.weight_h, b.weight_h)


def test_right_padding_equals_the_shorter_sequence():
    bi = nn.BiSequencer(nn.GRU(3, 2)).astype(np.float64)
    x = _x(steps=5)
    mask = np.ones((5, 2))
    mask[3:, 1] = 0
    out = bi.forward(x, mask=mask).copy()
    short = bi.forward(x[:3, 1:].copy())
    np.testing.assert_allclose(out[:3, 1], short[:, 0], rtol=1e-10, atol=1e-12)
    assert not out[3:, 1].any()


def test_ids_through_a_lookup_table():
    bi = nn.BiSequencer(nn.Sequential(nn.LookupTable(5, 3), nn.LSTM(3, 2)))
    ids = np.array([[0, 4], [2, 2], [1, 3]])
    out = bi.forward(ids)
    assert out.shape == (3, 2, 4)
    assert bi.backward(ids, np.ones_like(out)).size == 0
