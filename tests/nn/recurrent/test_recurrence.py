import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._recurrent_checks import (StepUnroll, ZeroRows, check_mask_zero, check_masked_steps,
                                check_step_api_matches_sequencer, zero_padded)


def _cell():
    """h_t = tanh(W x_t + U h_{t-1} + b), as a module of [x_t, h_{t-1}]."""
    return nn.Sequential(nn.ParallelTable(nn.Linear(3, 4), nn.Linear(4, 4, False)), nn.CAddTable(),
                         nn.Tanh()).astype(np.float64)


def _x(steps=4, n=2, seed=0):
    return np.random.default_rng(seed).standard_normal((steps, n, 3))


def test_matches_numpy():
    rec = nn.Recurrence(_cell(), 4, 1)
    lin_x, lin_h = rec.module.modules[0].modules
    x = _x()
    h, ref = np.zeros((2, 4)), []
    for x_t in x:
        h = np.tanh(x_t @ lin_x.weight.T + lin_x.bias + h @ lin_h.weight.T)
        ref.append(h)
    np.testing.assert_allclose(nn.Sequencer(rec).forward(x), np.stack(ref), rtol=1e-12)


def test_gradients_step_and_sequence():
    check_module_gradients(nn.Sequencer(nn.Recurrence(_cell(), 4, 1)), _x(n=1))
    check_module_gradients(StepUnroll(nn.Recurrence(_cell(), 4, 1)), _x(n=1))
    check_step_api_matches_sequencer(nn.Recurrence(_cell(), (4,), 1), _x(steps=3))


def test_masks():
    def take(x, rows, steps):
        return np.ascontiguousarray(x[steps][:, rows])
    check_masked_steps(nn.Recurrence(_cell(), 4, 1), _x(steps=5), take)
    pads = [(0, 1), (2, 0)]
    check_mask_zero(lambda: nn.Recurrence(_cell(), 4, 1).mask_zero(), _x(), pads)
    m = nn.Recurrence(_cell(), 4, 1).mask_zero()
    check_module_gradients(ZeroRows(StepUnroll(m), pads), zero_padded(_x(), pads))
