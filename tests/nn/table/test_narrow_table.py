import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _table(rng, n=4):
    return [rng.standard_normal((2, i + 1)) for i in range(n)]


@pytest.mark.parametrize("offset,length", [(0, 1), (1, 2), (3, 1), (-2, 2), (0, 4)])
def test_gradients(offset, length):
    check_module_gradients(nn.NarrowTable(offset, length).astype(np.float64), _table(np.random.default_rng(0)))


def test_entries_and_gradient():
    x = _table(np.random.default_rng(1))
    m = nn.NarrowTable(1, 2)  # Torch7's NarrowTable(2, 2)
    y = m.forward(x)
    assert len(y) == 2 and y[0] is x[1] and y[1] is x[2]
    g = [np.ones((2, 2)), np.ones((2, 3))]
    gx = m.backward(x, g)
    assert gx[1] is g[0] and gx[2] is g[1]
    np.testing.assert_array_equal(gx[0], np.zeros((2, 1)))
    np.testing.assert_array_equal(gx[3], np.zeros((2, 4)))


def test_default_length_and_range_error():
    x = _table(np.random.default_rng(0), 3)
    assert nn.NarrowTable(2).forward(x)[0] is x[2]
    with pytest.raises(ValueError, match=r"nn.NarrowTable\(2, 2\): entries \[2, 2 \+ 2\) do not exist in a table of 3"):
        nn.NarrowTable(2, 2).forward(x)
