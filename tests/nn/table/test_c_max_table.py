import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("cls", [nn.CMaxTable, nn.CMinTable])
@pytest.mark.parametrize("shape,n", [((5,), 3), ((1, 3), 2), ((2, 1, 3), 1)])
def test_gradients(cls, shape, n):
    rng = np.random.default_rng(0)
    # entries far apart, so a finite-difference step never changes the winner
    values = rng.permutation(np.prod(shape) * n).reshape((n,) + shape).astype(np.float64)
    x = [values[i].copy() for i in range(n)]
    check_module_gradients(cls().astype(np.float64), x)


@pytest.mark.parametrize("cls,reduce", [(nn.CMaxTable, np.maximum), (nn.CMinTable, np.minimum)])
def test_extremum_and_gradient_routing(cls, reduce):
    rng = np.random.default_rng(2)
    x = [rng.standard_normal((3, 4)).astype(np.float32) for _ in range(3)]
    m = cls()
    np.testing.assert_array_equal(m.forward(x), reduce(reduce(x[0], x[1]), x[2]))
    g = rng.standard_normal((3, 4)).astype(np.float32)
    gx = m.backward(x, g)
    np.testing.assert_array_equal(sum(gx), g)  # each element's gradient goes to exactly one entry
    for xi, gi in zip(x, gx):
        np.testing.assert_array_equal(gi, np.where(xi == m.output, g, 0))


def test_ties_go_to_the_first_entry():
    x = [np.ones(3, np.float32), np.ones(3, np.float32)]
    for cls in (nn.CMaxTable, nn.CMinTable):
        m = cls()
        m.forward(x)
        gx = m.backward(x, np.full(3, 2, np.float32))
        np.testing.assert_array_equal(gx[0], 2)
        np.testing.assert_array_equal(gx[1], 0)
