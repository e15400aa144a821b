import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._recurrent_checks import StepUnroll, ZeroRows, grads_after, zero_padded

PADS = [(0, 1), (2, 0), (2, 2)]


def _x(seed=0):
    return zero_padded(np.random.default_rng(seed).standard_normal((3, 3, 4)), PADS)


def test_zero_rows_give_zero_outputs():
    lin = nn.Linear(4, 2).astype(np.float64)
    x = _x()[0]
    out = nn.MaskZero(lin, 1).forward(x)
    ref = x @ lin.weight.T + lin.bias
    ref[1] = 0
    np.testing.assert_allclose(out, ref, rtol=1e-12)
    assert nn.MaskZero(lin, 1).forward(x[0]).shape == (2,)  # one row (n_input_dim dims)
    assert not nn.MaskZero(lin, 1).forward(x[1]).any()


def test_gradients_in_a_sequencer_and_step_by_step():
    model = nn.MaskZero(nn.Sequential(nn.Linear(4, 3), nn.Tanh()), 1).astype(np.float64)
    check_module_gradients(ZeroRows(nn.Sequencer(model), PADS), _x())
    check_module_gradients(ZeroRows(StepUnroll(nn.Recursor(model)), PADS), _x())


def test_recurrent_module_resets_its_state_at_zero_rows():
    lstm = nn.LSTM(4, 3).astype(np.float64)
    wrapped = nn.MaskZero(lstm, 1)
    assert lstm.maskzero
    x = _x(1)
    out = nn.Sequencer(wrapped).forward(x)
    mask = np.ones((3, 3), dtype=np.uint8)
    for t, n in PADS:
        mask[t, n] = 0
    plain = nn.LSTM(4, 3).astype(np.float64)
    for a, b in zip(plain.parameters()[0], lstm.parameters()[0]):
        a[...] = b
    np.testing.assert_allclose(out, nn.Sequencer(plain).forward(x, mask=mask), rtol=1e-12)
    check_module_gradients(ZeroRows(nn.Sequencer(wrapped), PADS), x)
    gy = np.ones((3, 3, 3))
    _, _, g_step = grads_after(StepUnroll(nn.Recursor(wrapped)), x, gy)
    _, _, g_seq = grads_after(nn.Sequencer(plain), x, gy, mask)
    for a, b in zip(g_step, g_seq):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_table_input_and_id_rows():
    ids = np.array([3, -1, 0])
    lookup = nn.MaskZero(nn.LookupTableMaskZero(5, 2), 0)
    out = lookup.forward(ids)
    assert not out[1].any() and out[0].any()
    cat = nn.MaskZero(nn.JoinTable(-1), 1).astype(np.float64)
    a, b = _x()[0], np.ones((3, 2))
    out = cat.forward([a, b])
    assert not out[1].any() and out[0, -1] == 1


def test_bad_dims_are_a_clear_error():
    with pytest.raises(ValueError, match="n_input_dim=1"):
        nn.MaskZero(nn.Linear(4, 2), 1).forward(np.zeros((2, 3, 4), dtype=np.float32))
