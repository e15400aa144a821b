"""LSTM, FastLSTM, GRU, TorchGRU and MuFuRu share the gated-cell contract: the same checks run on all."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._recurrent_checks import (StepUnroll, check_mask_zero, check_masked_steps, check_state_carry_over,
                                check_step_api_matches_sequencer, zero_padded, ZeroRows)

CELLS = [nn.LSTM, nn.FastLSTM, nn.GRU, nn.TorchGRU, nn.MuFuRu]


@pytest.fixture(params=CELLS, ids=[c.__name__ for c in CELLS])
def cell(request):
    return request.param


def _x(steps=4, n=1, size=3, seed=0):
    return np.random.default_rng(seed).standard_normal((steps, n, size))


def _take(x, rows, steps):
    return np.ascontiguousarray(x[steps][:, rows])


def test_sequencer_gradients(cell):
    check_module_gradients(nn.Sequencer(cell(3, 5)).astype(np.float64), _x())


def test_step_api_gradients(cell):
    check_module_gradients(StepUnroll(cell(3, 5).astype(np.float64)), _x(n=2))


def test_step_api_matches_sequencer(cell):
    check_step_api_matches_sequencer(cell(3, 5).astype(np.float64), _x(steps=5, n=3))


def test_state_carry_over(cell):
    check_state_carry_over(cell(3, 5).astype(np.float64), _x(steps=6, n=2))


def test_masked_steps(cell):
    check_masked_steps(cell(3, 5).astype(np.float64), _x(steps=5, n=2), _take)


PADS = [(0, 1), (1, 1), (3, 0)]


@pytest.mark.parametrize("hidden", [5, 37])  # the fused numba loop and the BLAS-per-step path
def test_mask_zero_in_step_and_sequence_paths(cell, hidden):
    check_mask_zero(lambda: cell(3, hidden).astype(np.float64).mask_zero(), _x(steps=5, n=2), PADS)


def test_mask_zero_gradients(cell):
    pads = PADS
    x = zero_padded(_x(steps=5, n=2), pads)
    m = cell(3, 5).astype(np.float64).mask_zero()
    check_module_gradients(ZeroRows(StepUnroll(m), pads), x)
    check_module_gradients(ZeroRows(nn.Sequencer(m), pads), x)


def test_large_hidden_gradients(cell):
    """H above FUSED_MAX_HIDDEN: each step's recurrent product is a BLAS call."""
    check_module_gradients(nn.Sequencer(cell(2, 33)).astype(np.float64), _x(steps=2, n=1, size=2))


def test_rho_limits_backward_steps(cell):
    layer = cell(3, 2, rho=2)
    x = _x(steps=3, n=1).astype(np.float32)
    for x_t in x:
        layer.forward(x_t)
    g = np.ones((1, 2), dtype=np.float32)
    layer.backward(x[2], g)
    layer.backward(x[1], g)
    with pytest.raises(ValueError, match="rho=2"):
        layer.backward(x[0], g)


def test_bad_input_size_is_a_clear_error(cell):
    with pytest.raises(ValueError, match="features"):
        nn.Sequencer(cell(3, 2)).forward(np.zeros((2, 1, 4), dtype=np.float32))


def test_remembered_state_needs_same_batch(cell):
    seq = nn.Sequencer(cell(3, 2)).remember("both")
    seq.forward(np.zeros((2, 3, 3), dtype=np.float32))
    with pytest.raises(ValueError, match="forget"):
        seq.forward(np.zeros((2, 1, 3), dtype=np.float32))


def test_backward_before_forward_is_a_clear_error(cell):
    with pytest.raises(ValueError, match="sequence_forward first"):
        cell(3, 2).sequence_backward(np.zeros((1, 1, 3), dtype=np.float32), np.zeros((1, 1, 2), dtype=np.float32))
