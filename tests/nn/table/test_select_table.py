import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _table(rng):
    return [rng.standard_normal((2, 3)), [rng.standard_normal(3), rng.standard_normal((1, 2))], rng.standard_normal(5)]


@pytest.mark.parametrize("index", [0, 1, 2, -1, -3])
def test_gradients(index):
    check_module_gradients(nn.SelectTable(index).astype(np.float64), _table(np.random.default_rng(0)))


def test_selects_the_entry_and_zeros_the_rest_of_the_gradient():
    x = _table(np.random.default_rng(1))
    m = nn.SelectTable(-2)  # Torch7's SelectTable(-2) and SelectTable(2) of three entries
    y = m.forward(x)
    assert y is x[1]
    g = [np.ones(3), np.full((1, 2), 2.0)]
    gx = m.backward(x, g)
    np.testing.assert_array_equal(gx[1][0], g[0])
    np.testing.assert_array_equal(gx[1][1], g[1])
    assert gx[1][0] is not g[0]
    np.testing.assert_array_equal(gx[0], np.zeros((2, 3)))
    np.testing.assert_array_equal(gx[2], np.zeros(5))


def test_index_out_of_range():
    with pytest.raises(ValueError, match=r"nn.SelectTable\(3\): index 3 does not exist in a table of 3 entries"):
        nn.SelectTable(3).forward(_table(np.random.default_rng(0)))
    with pytest.raises(ValueError, match="expected a table"):
        nn.SelectTable(0).forward(np.ones(3))
