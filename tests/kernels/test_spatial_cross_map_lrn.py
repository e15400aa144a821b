"""LRN kernels against a plain-numpy reference (odd channel counts, windows clipped at the ends)."""
import numpy as np
import pytest

from nnlib.kernels import spatial_cross_map_lrn as K


def reference(x, size, alpha, beta, k):
    C = x.shape[1]
    sq = np.zeros_like(x)
    for c in range(C):
        lo, hi = max(0, c - size // 2), min(C, c + (size - 1) // 2 + 1)
        sq[:, c] = (x[:, lo:hi] ** 2).sum(axis=1)
    scale = k + alpha / size * sq
    return x * scale ** -beta, scale


@pytest.mark.parametrize("shape, size", [((1, 3, 2, 5), 5), ((2, 7, 3, 3), 3), ((2, 4, 1, 2), 4), ((1, 6, 2, 2), 1)])
def test_matches_reference(shape, size):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape)
    alpha, beta, k = 0.3, 0.75, 2.0
    out, scale = np.empty_like(x), np.empty_like(x)
    K.spatial_cross_map_lrn_update_output(x, size, alpha, beta, k, scale, out)
    ref_out, ref_scale = reference(x, size, alpha, beta, k)
    np.testing.assert_allclose(out, ref_out, rtol=1e-12)
    np.testing.assert_allclose(scale, ref_scale, rtol=1e-12)
    # grad_input is the adjoint of the Jacobian: compare against a numpy Jacobian-vector product
    gy = rng.standard_normal(shape)
    gx = np.full_like(x, np.nan)
    K.spatial_cross_map_lrn_update_grad_input(x, out, scale, gy, size, alpha, beta, gx)
    eps = 1e-6
    direction = rng.standard_normal(shape)
    numeric = (np.sum(reference(x + eps * direction, size, alpha, beta, k)[0] * gy)
               - np.sum(reference(x - eps * direction, size, alpha, beta, k)[0] * gy)) / (2 * eps)
    np.testing.assert_allclose(np.sum(gx * direction), numeric, rtol=1e-6)
