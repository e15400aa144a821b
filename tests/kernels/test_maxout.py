import numpy as np
import pytest

from nnlib.kernels import maxout as K


@pytest.mark.parametrize("n, pieces, units", [(1, 1, 1), (3, 2, 5), (700, 3, 37)])
def test_max_and_routing_match_numpy(n, pieces, units):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, pieces, units))
    out, idx = np.empty((n, units)), np.empty((n, units), np.int64)
    K.maxout_update_output(x, out, idx)
    np.testing.assert_array_equal(out, x.max(axis=1))
    np.testing.assert_array_equal(idx, x.argmax(axis=1))
    gy = rng.standard_normal((n, units))
    gx = np.full(x.shape, np.nan)
    K.maxout_update_grad_input(gy, idx, gx)
    ref = np.zeros(x.shape)
    np.put_along_axis(ref, idx[:, None, :], gy[:, None, :], axis=1)
    np.testing.assert_array_equal(gx, ref)


def test_ties_take_the_first_piece():
    x = np.ones((1, 3, 2))
    out, idx = np.empty((1, 2)), np.empty((1, 2), np.int64)
    K.maxout_update_output(x, out, idx)
    np.testing.assert_array_equal(idx, 0)
