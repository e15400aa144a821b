"""Local-sum kernels of the local normalisations against numpy (zero padding, sliding windows) on odd shapes."""
import numpy as np

from nnlib.kernels import spatial_local_sum as K


def test_against_numpy():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 6, 7))
    kernel = rng.standard_normal((5, 3))
    out = np.empty((2, 6, 7))
    K.spatial_local_sum_update_output(x, kernel, out)
    xp = np.pad(x.sum(axis=1), ((0, 0), (2, 2), (1, 1)))
    windows = np.lib.stride_tricks.sliding_window_view(xp, (5, 3), axis=(1, 2))
    np.testing.assert_allclose(out, np.einsum("nhwij,ij->nhw", windows, kernel), rtol=1e-12, atol=1e-12)
    # the backward pass is the adjoint: <L x, g> = <x, L^T g>
    g = rng.standard_normal(out.shape)
    gx = np.full(x.shape, np.nan)
    K.spatial_local_sum_update_grad_input(g, kernel, gx)
    np.testing.assert_allclose(np.sum(out * g), np.sum(x * gx), rtol=1e-12)
    np.testing.assert_array_equal(gx[:, 0], gx[:, 2])
    basis = np.zeros((1, 1, 6, 7))
    adjoint = np.empty((1, 6, 7))
    for i, j in np.ndindex(6, 7):
        basis[...] = 0
        basis[0, 0, i, j] = 1
        K.spatial_local_sum_update_output(basis, kernel, adjoint)
        np.testing.assert_allclose(gx[0, 0, i, j], np.sum(adjoint[0] * g[0]), rtol=1e-12, atol=1e-12)
