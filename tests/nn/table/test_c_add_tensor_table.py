import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("k", [1, 3])
def test_gradients(k):
    rng = np.random.default_rng(0)
    check_module_gradients(nn.CAddTensorTable().astype(np.float64),
                           [rng.standard_normal((2, 3)), [rng.standard_normal((2, 3)) for _ in range(k)]])


def test_adds_the_vector_and_sums_its_gradient():
    rng = np.random.default_rng(1)
    v = rng.standard_normal(4).astype(np.float32)
    t = [rng.standard_normal(4).astype(np.float32) for _ in range(3)]
    m = nn.CAddTensorTable()
    y = m.forward([v, t])
    for yi, ti in zip(y, t):
        np.testing.assert_array_equal(yi, ti + v)
    g = [rng.standard_normal(4).astype(np.float32) for _ in range(3)]
    gv, gt = m.backward([v, t], g)
    np.testing.assert_allclose(gv, g[0] + g[1] + g[2], rtol=1e-6)
    for a, b in zip(gt, g):
        np.testing.assert_array_equal(a, b)


def test_shape_mismatch():
    with pytest.raises(ValueError, match=r"nn.CAddTensorTable: every entry of input\[1\] must have v's shape \(3,\)"):
        nn.CAddTensorTable().forward([np.ones(3, np.float32), [np.ones(2, np.float32)]])
