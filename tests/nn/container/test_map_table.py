import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("n", [1, 3])
def test_gradients_shared(n):
    rng = np.random.default_rng(0)
    m = nn.MapTable(nn.Sequential(nn.Linear(3, 2), nn.Tanh())).astype(np.float64)
    check_module_gradients(m, [rng.standard_normal((2, 3)) for _ in range(n)])


def test_clones_share_parameters_and_accumulate_every_entry():
    rng = np.random.default_rng(1)
    m = nn.MapTable(nn.Linear(3, 2)).astype(np.float64)
    x = [rng.standard_normal((2, 3)) for _ in range(3)]
    y = m.forward(x)
    assert m.size() == 3
    lin = m.module
    for xi, yi in zip(x, y):
        np.testing.assert_allclose(yi, xi @ lin.weight.T + lin.bias)
    assert all(c.weight is lin.weight and c.grad_weight is lin.grad_weight for c in m.modules)
    assert len(m.parameters()[0]) == 2
    m.zero_grad_parameters()
    g = [np.ones((2, 2)) for _ in x]
    m.backward(x, g)
    np.testing.assert_allclose(lin.grad_weight, sum(np.ones((2, 2)).T @ xi for xi in x))
    m.forward(x[:1])
    assert m.size() == 1


def test_unshared_clones_are_independent_and_clear_state_drops_clones():
    m = nn.MapTable(nn.Linear(2, 2), shared=False)
    m.forward([np.ones((1, 2), np.float32)] * 2)
    assert m.modules[1].weight is not m.module.weight
    np.testing.assert_array_equal(m.modules[1].weight, m.module.weight)
    assert m.clear_state().size() == 1 and m.output is None


def test_get_parameters_then_more_clones_keep_the_flat_views():
    m = nn.MapTable(nn.Linear(2, 3))
    flat, gflat = m.get_parameters()
    m.forward([np.ones((1, 2), np.float32)] * 3)
    assert all(np.shares_memory(c.weight, flat) for c in m.modules)
    assert m.get_parameters()[0] is flat


def test_single_module_and_repr():
    m = nn.MapTable(nn.Linear(2, 2))
    with pytest.raises(ValueError, match="maps a single module"):
        m.add(nn.Tanh())
    assert repr(m) == "nn.MapTable {\n  nn.Linear(2 -> 2)\n}"
