import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shape", [(1, 3), (3, 5, 2)])
def test_gradients(shape):
    rng = np.random.default_rng(0)
    check_module_gradients(nn.CAddTable().astype(np.float64), [rng.standard_normal(shape) for _ in range(3)])


def test_sum_and_gradient_copies():
    m = nn.CAddTable()
    x = [np.full((2, 2), v, dtype=np.float32) for v in (1, 2, 4)]
    np.testing.assert_array_equal(m.forward(x), np.full((2, 2), 7))
    g = np.arange(4, dtype=np.float32).reshape(2, 2)
    gx = m.backward(x, g)
    assert len(gx) == 3 and len({id(a) for a in gx}) == 3
    for a in gx:
        np.testing.assert_array_equal(a, g)
        assert a is not g


def test_shape_mismatch():
    with pytest.raises(ValueError, match=r"nn.CAddTable: table entries must have the same shape, got \[\(2, 3\), \(3, 2\)\]"):
        nn.CAddTable().forward([np.ones((2, 3)), np.ones((3, 2))])
    with pytest.raises(ValueError, match="expected a table"):
        nn.CAddTable().forward(np.ones(3))
