"""SeqGRU: whole sequences in and out, rnn's GRU cell and kernel."""
import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._recurrent_checks import ZeroRows, check_masked_steps, zero_padded
from .test_gru import gru_reference


def test_forward_matches_numpy_and_rnn_init():
    m = nn.SeqGRU(3, 4).astype(np.float64)
    np.testing.assert_array_equal(m.bias, np.repeat([0, 1, 0], 4))  # update-gate bias 1
    x = np.random.default_rng(0).standard_normal((4, 2, 3))
    np.testing.assert_allclose(m.forward(x), gru_reference(x, m.weight_x, m.bias, m.weight_h), rtol=1e-12)


def test_gradients_with_masks():
    m = nn.SeqGRU(3, 4).astype(np.float64)
    x = np.random.default_rng(1).standard_normal((4, 2, 3))
    check_module_gradients(m, x)
    pads = [(1, 1), (2, 1), (0, 0)]
    check_module_gradients(ZeroRows(m.mask_zero(), pads), zero_padded(x, pads))


def test_explicit_mask():
    def take(x, rows, steps):
        return np.ascontiguousarray(x[steps][:, rows])
    check_masked_steps(nn.SeqGRU(3, 4).astype(np.float64), np.random.default_rng(2).standard_normal((5, 2, 3)), take)
