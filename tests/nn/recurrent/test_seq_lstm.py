"""SeqLSTM: whole sequences in and out, FastLSTM's cell and kernel."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._recurrent_checks import ZeroRows, check_masked_steps, zero_padded
from .test_fast_lstm import compare_with_torch_lstm


def _x(steps=4, n=2, size=3, seed=0):
    return np.random.default_rng(seed).standard_normal((steps, n, size))


def test_gradients_without_a_sequencer():
    m = nn.SeqLSTM(3, 4).astype(np.float64)
    assert m.forward(_x()).shape == (4, 2, 4)
    check_module_gradients(m, _x(n=1))


def test_matches_torch_lstm():
    m = nn.SeqLSTM(3, 5).astype(np.float64)
    rng = np.random.default_rng(1)
    x, gy = rng.standard_normal((5, 2, 3)), rng.standard_normal((5, 2, 5))
    compare_with_torch_lstm(m, lambda x, gy: (m.forward(x).copy(), m.backward(x, gy)), x, gy)


def test_same_cell_as_fast_lstm_and_rnn_init():
    m = nn.SeqLSTM(3, 4).astype(np.float64)
    np.testing.assert_array_equal(m.bias, np.repeat([0, 1, 0, 0], 4))  # forget-gate bias 1
    fast = nn.FastLSTM(3, 4).astype(np.float64)
    for a, b in zip(fast.parameters()[0], m.parameters()[0]):
        a[...] = b
    x = _x()
    np.testing.assert_array_equal(m.forward(x), nn.Sequencer(fast).forward(x))


def test_explicit_mask_and_inside_a_sequencer():
    def take(x, rows, steps):
        return np.ascontiguousarray(x[steps][:, rows])
    check_masked_steps(nn.SeqLSTM(3, 4).astype(np.float64), _x(steps=5), take)


def test_mask_zero_gradients():
    pads = [(0, 1), (2, 0)]
    m = nn.SeqLSTM(3, 4).astype(np.float64).mask_zero()
    x = zero_padded(_x(), pads)
    out = m.forward(x)
    assert not out[0, 1].any() and not out[2, 0].any() and out[3].all()
    check_module_gradients(ZeroRows(m, pads), x)


def test_remember():
    m = nn.SeqLSTM(2, 3).astype(np.float64)
    x = _x(steps=4, size=2)
    whole = m.forward(x).copy()
    np.testing.assert_allclose(m.forward(x[:2]), whole[:2], rtol=1e-12)  # 'neither': forgets between calls
    m.remember("both")
    m.forget()
    m.forward(x[:2])
    np.testing.assert_allclose(m.forward(x[2:]), whole[2:], rtol=1e-12)
    m.remember("train").evaluate()
    np.testing.assert_array_equal(m.forward(x[:2]), whole[:2])


def test_bad_input_is_a_clear_error():
    with pytest.raises(ValueError, match="3-D"):
        nn.SeqLSTM(3, 4).forward(np.zeros((2, 3), dtype=np.float32))
