import numpy as np
import pytest

from nnlib.kernels import sparse_linear as K


def _batch(rng, sizes, n_in):
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    cols = rng.integers(0, n_in, starts[-1]).astype(np.int64)  # repeats allowed
    vals = rng.standard_normal(starts[-1])
    vals[::4] = 0.0
    dense = np.zeros((len(sizes), n_in))
    for h in range(len(sizes)):
        np.add.at(dense[h], cols[starts[h]:starts[h + 1]], vals[starts[h]:starts[h + 1]])
    return starts, cols, vals, dense


@pytest.mark.parametrize("sizes, n_in, n_out", [([1], 1, 1), ([3, 0, 5], 7, 3), ([40] * 300, 50, 300)])
def test_sparse_linear_matches_dense(sizes, n_in, n_out):
    rng = np.random.default_rng(0)
    starts, cols, vals, dense = _batch(rng, sizes, n_in)
    w, b = rng.standard_normal((n_out, n_in)), rng.standard_normal(n_out)
    out = np.empty((len(sizes), n_out))
    K.sparse_linear_update_output(starts, cols, vals, w, b, out)
    np.testing.assert_allclose(out, dense @ w.T + b, rtol=1e-10, atol=1e-12)
    gy = rng.standard_normal(out.shape)
    gw = np.ones_like(w)
    K.sparse_linear_acc_grad_parameters(starts, cols, vals, gy, 0.5, gw)
    np.testing.assert_allclose(gw, 1 + 0.5 * gy.T @ dense, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("sizes, n_in, n_out", [([1], 1, 1), ([3, 0, 5], 7, 3), ([40] * 300, 50, 300)])
def test_index_linear_matches_dense(sizes, n_in, n_out):
    rng = np.random.default_rng(1)
    starts, rows, vals, dense = _batch(rng, sizes, n_in)
    w, b = rng.standard_normal((n_in, n_out)), rng.standard_normal(n_out)
    out = np.empty((len(sizes), n_out))
    K.index_linear_update_output(starts, rows, vals, w, b, out)
    np.testing.assert_allclose(out, dense @ w + b, rtol=1e-10, atol=1e-12)
    gy = rng.standard_normal(out.shape)
    gw = np.zeros_like(w)
    K.index_linear_acc_grad_parameters(starts, rows, vals, gy, 2.0, gw)
    np.testing.assert_allclose(gw, 2.0 * dense.T @ gy, rtol=1e-10, atol=1e-12)


def test_normalize_grows_the_max_before_using_it():
    w = np.zeros((3, 4))
    w[:, 3] = [0.0, 0.5, 0.0]
    rows = np.array([1, 1, 2], np.int64)
    vals = np.array([2.0, -4.0, 0.0])
    out = np.empty(3)
    K.index_linear_normalize(rows, vals, w, True, out)
    np.testing.assert_allclose(out, [1.5, -0.5, 0.0])  # 2/2 + .5, then the max is 4: -4/4 + .5
    np.testing.assert_allclose(w[1, :3], [4.0, 0.25, 1.0])
    K.index_linear_normalize(np.array([1], np.int64), np.array([-8.0]), w, False, out[:1])
    assert out[0] == -0.5 and w[1, 0] == 4.0  # beyond the max outside training: sign + offset


def test_index_linear_offset_gradients_match_numpy():
    rng = np.random.default_rng(4)
    starts, rows, _, _ = _batch(rng, [3, 0, 4], 5)
    w, gy = rng.standard_normal((5, 2)), rng.standard_normal((3, 2))
    grad = np.ones(5)
    K.index_linear_acc_grad_offsets(starts, rows, gy, w, 0.5, grad)
    ref = np.ones(5)
    sample = np.repeat(np.arange(3), np.diff(starts))
    np.add.at(ref, rows, 0.5 * np.einsum("ek,ek->e", gy[sample], w[rows]))
    np.testing.assert_allclose(grad, ref, rtol=1e-12)
