"""rnn's MuFuRu: the ops mixture, its parameters' layout, printing and saving.

The gated-cell contract (gradients in the step and sequence paths, masks,
mask_zero, rho, carry-over) runs on MuFuRu in test_gated_cells.py.
"""
import numpy as np
import pytest

import nnlib
from nnlib import nn
from nnlib.testing import check_module_gradients

from ...kernels.test_mufuru import mufuru_forward


def _x(steps=4, n=2, size=3, seed=0):
    return np.random.default_rng(seed).standard_normal((steps, n, size))


@pytest.mark.parametrize("ops", [None, ["keep", "replace"], ["min", "diff", "forget"]])
def test_forward_matches_numpy(ops):
    m = nn.MuFuRu(3, 4, ops).astype(np.float64)
    x = _x()
    xg = x @ m.weight_x.T + m.bias
    ref = mufuru_forward(xg, m.weight_h, np.zeros((2, 4)), np.ones((4, 2), np.uint8), list(m.ops))
    np.testing.assert_allclose(nn.Sequencer(m).forward(x), ref, rtol=1e-12)


def test_parameter_layout_and_init():
    nnlib.manual_seed(0)
    m = nn.MuFuRu(5, 3, ["keep", "replace", "mul"])
    assert m.weight_x.shape == (15, 5) and m.bias.shape == (15,) and m.weight_h.shape == (15, 3)
    assert np.abs(m.weight_x[:3]).max() <= 1 / np.sqrt(5)
    assert np.abs(m.weight_h[:3]).max() <= 1 / np.sqrt(3)
    assert np.abs(m.weight_x[3:]).max() <= 1 / np.sqrt(8) and np.abs(m.weight_h[3:]).max() <= 1 / np.sqrt(8)


def test_gradients_of_each_op_alone():
    for op in ("keep", "replace", "mul", "diff", "forget", "sqrt_diff", "max", "min"):
        check_module_gradients(nn.Sequencer(nn.MuFuRu(2, 3, [op, "replace"])).astype(np.float64), _x(size=2))


def test_printout_names_non_default_ops():
    assert repr(nn.MuFuRu(3, 4)) == "nn.MuFuRu(3 -> 4)"
    assert repr(nn.MuFuRu(3, 4, ["keep", "max"], rho=5)) == "nn.MuFuRu(3 -> 4, ops=['keep', 'max'], rho=5)"


def test_unknown_op_is_refused():
    with pytest.raises(ValueError, match="sqrt_diff"):
        nn.MuFuRu(3, 4, ["keep", "sqrt"])
    with pytest.raises(ValueError, match="non-empty"):
        nn.MuFuRu(3, 4, [])


def test_saves_and_loads(tmp_path):
    m = nn.MuFuRu(3, 4, ["mul", "max"])
    nnlib.save(tmp_path / "m.h5", m)
    loaded = nnlib.load(tmp_path / "m.h5")
    x = _x().astype(np.float32)
    assert loaded.ops == ("mul", "max")
    np.testing.assert_array_equal(nn.Sequencer(loaded).forward(x), nn.Sequencer(m).forward(x))
