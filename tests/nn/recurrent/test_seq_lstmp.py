"""SeqLSTMP: SeqLSTM with a projection of the cell output (the same kernel)."""
import numpy as np

import nnlib
from nnlib import nn
from nnlib.testing import check_module_gradients

from ._recurrent_checks import ZeroRows, zero_padded
from .test_lstm import lstm_reference


def test_forward_matches_numpy():
    for hidden in (4, 35):
        m = nn.SeqLSTMP(3, hidden, 2).astype(np.float64)
        assert m.weight_h.shape == (4 * hidden, 2) and m.weight_o.shape == (2, hidden)
        x = np.random.default_rng(0).standard_normal((4, 2, 3))
        ref = lstm_reference(x, m.weight_x, m.bias, m.weight_h, np.zeros((3, hidden)), m.weight_o)
        np.testing.assert_allclose(m.forward(x), ref, rtol=1e-11)


def test_gradients_with_masks():
    m = nn.SeqLSTMP(3, 5, 2).astype(np.float64)
    x = np.random.default_rng(1).standard_normal((4, 2, 3))
    check_module_gradients(m, x)
    pads = [(0, 0), (1, 0), (3, 1)]
    check_module_gradients(ZeroRows(m.mask_zero(), pads), zero_padded(x, pads))


def test_large_hidden_gradients():
    check_module_gradients(nn.SeqLSTMP(2, 34, 3).astype(np.float64), np.random.default_rng(2).standard_normal((2, 1, 2)))


def test_save_load(tmp_path):
    m = nn.SeqLSTMP(3, 4, 2)
    nnlib.save(tmp_path / "p.h5", m)
    loaded = nnlib.load(tmp_path / "p.h5")
    x = np.random.default_rng(3).standard_normal((3, 2, 3)).astype(np.float32)
    np.testing.assert_array_equal(loaded.forward(x), m.forward(x))
    assert repr(loaded) == "nn.SeqLSTMP(3 -> 4 -> 2)"
