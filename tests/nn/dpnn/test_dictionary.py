"""dpnn's Dictionary: a LookupTable whose zeroing, update and max-norm touch only the used rows."""
import numpy as np
import pytest

import nnlib
from nnlib import nn
from nnlib.testing import check_module_gradients


def _pair(seed=0):
    nnlib.manual_seed(seed)
    d = nn.Dictionary(11, 3).astype(np.float64)
    t = nn.LookupTable(11, 3).astype(np.float64)
    t.weight[...] = d.weight
    return d, t


def test_forward_and_gradient_are_lookup_tables():
    d, t = _pair()
    ids = np.array([[1, 4], [4, 10], [0, 1]])
    np.testing.assert_array_equal(d.forward(ids), t.forward(ids))
    check_module_gradients(d, ids)


def test_training_steps_equal_a_lookup_tables_and_leave_unused_rows():
    d, t = _pair()
    rng = np.random.default_rng(1)
    untouched = d.weight[[2, 3, 5]].copy()
    for step in range(3):
        ids = rng.choice([0, 1, 4, 6, 7, 8, 9, 10], size=(4, 2))
        gy = rng.standard_normal((4, 2, 3))
        for m in (d, t):
            m.zero_grad_parameters()
            m.forward(ids)
            m.backward(ids, gy)
            m.update_parameters(0.1)
        np.testing.assert_allclose(d.weight, t.weight, rtol=1e-14)
        np.testing.assert_array_equal(d.grad_weight, t.grad_weight)
        np.testing.assert_array_equal(d.weight[[2, 3, 5]], untouched)
    d.zero_grad_parameters()
    assert not d.grad_weight.any() and not d._used_rows().size


def test_zero_grad_visits_only_the_used_rows():
    d, _ = _pair()
    d.grad_weight[2] = 7.0  # not used since the last zeroing: left alone (a LookupTable would zero it)
    ids = np.array([0, 1])
    d.forward(ids)
    d.backward(ids, np.ones((2, 3)))
    d.zero_grad_parameters()
    assert not d.grad_weight[[0, 1]].any()
    np.testing.assert_array_equal(d.grad_weight[2], 7.0)


def test_max_param_norm_renormalises_used_rows_only():
    d, _ = _pair()
    d.weight[...] = 10.0
    ids = np.array([3, 3, 5])
    d.forward(ids)
    d.backward(ids, np.ones((3, 3)))
    d.max_param_norm(1.0)
    np.testing.assert_allclose(np.linalg.norm(d.weight[[3, 5]], axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(d.weight[[0, 4]], 10.0)


def test_acc_update_keeps_no_gradient_and_steps_the_rows():
    nnlib.manual_seed(3)
    d = nn.Dictionary(7, 2, acc_update=True).astype(np.float64)
    t = nn.LookupTable(7, 2).astype(np.float64)
    t.weight[...] = d.weight
    assert d.grad_weight.size == 0
    ids = np.array([1, 5, 1])
    gy = np.random.default_rng(0).standard_normal((3, 2))
    for m in (d, t):
        m.forward(ids)
    d.backward_update(ids, gy, 0.5)
    t.zero_grad_parameters()
    t.backward(ids, gy)
    t.update_parameters(0.5)
    np.testing.assert_allclose(d.weight, t.weight, rtol=1e-14)
    with pytest.raises(ValueError, match="backward_update"):
        d.backward(ids, gy)
    with pytest.raises(ValueError, match="backward_update"):
        d.get_parameters()
    assert repr(d) == "nn.Dictionary(7, 2, acc_update)"


def test_saves_and_loads(tmp_path):
    d, _ = _pair()
    nnlib.save(tmp_path / "d.h5", d)
    loaded = nnlib.load(tmp_path / "d.h5")
    np.testing.assert_array_equal(loaded.weight, d.weight)
    ids = np.array([2, 6])
    loaded.forward(ids)
    loaded.backward(ids, np.ones((2, 3)))
    loaded.update_parameters(1.0)
    np.testing.assert_array_equal(loaded.weight[[2, 6]], d.weight[[2, 6]] - 1.0)
