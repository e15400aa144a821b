import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("n", [1, 3])
def test_gradients(n):
    rng = np.random.default_rng(0)
    check_module_gradients(nn.ZipTableOneToMany().astype(np.float64),
                           [rng.standard_normal((2, 3)), [rng.standard_normal(i + 1) for i in range(n)]])


def test_pairs_and_summed_gradient():
    v = np.arange(3, dtype=np.float32)
    t = [np.ones(2, np.float32), np.zeros(1, np.float32)]
    m = nn.ZipTableOneToMany()
    y = m.forward([v, t])
    assert len(y) == 2 and y[0][0] is v and y[1][0] is v and y[0][1] is t[0] and y[1][1] is t[1]
    g = [[np.ones(3, np.float32), np.full(2, 5, np.float32)], [np.full(3, 2, np.float32), np.full(1, 7, np.float32)]]
    gv, gt = m.backward([v, t], g)
    np.testing.assert_array_equal(gv, np.full(3, 3))
    assert gt[0] is g[0][1] and gt[1] is g[1][1]


def test_bad_input():
    with pytest.raises(ValueError, match=r"nn.ZipTableOneToMany: expected the table \[v, \[a, b, ...\]\]"):
        nn.ZipTableOneToMany().forward([np.ones(2), np.ones(2)])
