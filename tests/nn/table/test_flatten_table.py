import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _nested(rng):
    return [rng.standard_normal(2), [rng.standard_normal((1, 3)), [rng.standard_normal(1)]], [], rng.standard_normal(3)]


def test_gradients():
    check_module_gradients(nn.FlattenTable().astype(np.float64), _nested(np.random.default_rng(0)))


def test_depth_first_order_and_gradient_nesting():
    x = _nested(np.random.default_rng(1))
    m = nn.FlattenTable()
    y = m.forward(x)
    assert [a is b for a, b in zip(y, [x[0], x[1][0], x[1][1][0], x[3]])] == [True] * 4 and len(y) == 4
    g = [np.full(a.shape, i) for i, a in enumerate(y)]
    gx = m.backward(x, g)
    assert gx[0] is g[0] and gx[1][0] is g[1] and gx[1][1][0] is g[2] and gx[2] == [] and gx[3] is g[3]


def test_errors():
    with pytest.raises(ValueError, match="nn.FlattenTable: a table may hold only arrays and tables, found a int"):
        nn.FlattenTable().forward([np.ones(2), 3])
    m = nn.FlattenTable()
    m.forward([np.ones(2), [np.ones(1)]])
    with pytest.raises(ValueError, match="expected a flat table of 2 entries as grad_output"):
        m.backward([np.ones(2), [np.ones(1)]], [np.ones(2)])
