import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._recurrent_checks import ZeroRows, check_masked_steps, zero_padded


def _x(steps=4, n=2, seed=0):
    return np.random.default_rng(seed).standard_normal((steps, n, 3))


def test_sum_of_both_directions():
    m = nn.SeqBRNN(3, 4).astype(np.float64)
    x = _x()
    ref = m.forward_module.forward(x).copy() + m.backward_module.forward(x[::-1].copy())[::-1]
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-12)
    check_module_gradients(m, x)


def test_batch_first_and_join_merge():
    m = nn.SeqBRNN(3, 2, True, nn.JoinTable(-1)).astype(np.float64)
    x = _x(3, 2)
    out = m.forward(np.ascontiguousarray(x.swapaxes(0, 1)))
    assert out.shape == (2, 3, 4)
    check_module_gradients(m, np.ascontiguousarray(x.swapaxes(0, 1)))


def test_masks():
    def take(x, rows, steps):
        return np.ascontiguousarray(x[steps][:, rows])
    check_masked_steps(nn.SeqBRNN(3, 2).astype(np.float64), _x(5), take)
    pads = [(3, 1), (0, 0)]
    m = nn.SeqBRNN(3, 2).astype(np.float64).mask_zero()
    check_module_gradients(ZeroRows(m, pads), zero_padded(_x(), pads))
