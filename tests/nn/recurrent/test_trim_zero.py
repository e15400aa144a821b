import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._recurrent_checks import StepUnroll, ZeroRows, zero_padded

PADS = [(0, 1), (2, 0), (2, 2)]


def _x():
    return zero_padded(np.random.default_rng(0).standard_normal((3, 3, 4)), PADS)


def test_same_as_mask_zero():
    lin = nn.Linear(4, 2).astype(np.float64)
    x, gy = _x()[2], np.random.default_rng(1).standard_normal((3, 2))
    trim, mask = nn.TrimZero(lin, 1), nn.MaskZero(lin, 1)
    out = trim.forward(x).copy()
    lin.zero_grad_parameters()
    g_trim = trim.backward(x, gy).copy()
    gw_trim = lin.grad_weight.copy()
    lin.zero_grad_parameters()
    np.testing.assert_allclose(out, mask.forward(x), rtol=1e-12)
    np.testing.assert_allclose(g_trim, mask.backward(x, gy), rtol=1e-12)
    np.testing.assert_allclose(gw_trim, lin.grad_weight, rtol=1e-12)


def test_gradients_in_a_sequencer_and_step_by_step():
    trim = nn.TrimZero(nn.Sequential(nn.Linear(4, 3), nn.Sigmoid()), 1).astype(np.float64)
    check_module_gradients(ZeroRows(nn.Sequencer(trim), PADS), _x())
    check_module_gradients(ZeroRows(StepUnroll(nn.Recursor(trim)), PADS), _x())


def test_all_zero_batch_and_ids():
    assert not nn.TrimZero(nn.Linear(4, 3), 1).forward(np.zeros((2, 4), dtype=np.float32)).any()
    out = nn.TrimZero(nn.LookupTable(5, 2), 0).forward(np.array([-1, 2, -1]))
    assert out.shape == (3, 2) and not out[0].any() and out[1].any()


def test_recurrent_module_is_a_clear_error():
    with pytest.raises(ValueError, match="MaskZero"):
        nn.TrimZero(nn.LSTM(2, 2), 1)
