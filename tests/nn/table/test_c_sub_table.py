import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shape", [(3,), (1, 5), (2, 1, 3)])
def test_gradients(shape):
    rng = np.random.default_rng(0)
    check_module_gradients(nn.CSubTable().astype(np.float64), [rng.standard_normal(shape), rng.standard_normal(shape)])


def test_difference():
    rng = np.random.default_rng(1)
    x = [rng.standard_normal((2, 3)).astype(np.float32) for _ in range(2)]
    m = nn.CSubTable()
    np.testing.assert_array_equal(m.forward(x), x[0] - x[1])
    g = rng.standard_normal((2, 3)).astype(np.float32)
    gx = m.backward(x, g)
    np.testing.assert_array_equal(gx[0], g)
    np.testing.assert_array_equal(gx[1], -g)


def test_needs_two_entries():
    with pytest.raises(ValueError, match=r"nn.CSubTable: expected a table of 2 entries as input, got 3"):
        nn.CSubTable().forward([np.ones(2, np.float32)] * 3)
