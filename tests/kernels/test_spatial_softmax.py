"""Channel-axis (log-)softmax kernels against numpy on odd (frames, C, positions) shapes."""
import numpy as np
import pytest

from nnlib.kernels import spatial_softmax as K


def _softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(1, 1, 1), (1, 5, 1), (3, 4, 7), (2, 3, 1)])
def test_against_numpy(shape, dtype, threads):
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(shape) * 3).astype(dtype)
    g = rng.standard_normal(shape).astype(dtype)
    tol = 2e-6 if dtype == np.float32 else 1e-12
    p = _softmax(x.astype(np.float64))
    y, gx = np.empty_like(x), np.empty_like(x)
    K.spatial_softmax_update_output(x, y)
    np.testing.assert_allclose(y, p, rtol=tol, atol=tol)
    K.spatial_softmax_update_grad_input(y, g, gx)
    np.testing.assert_allclose(gx, p * (g - (g * p).sum(axis=1, keepdims=True)), rtol=5 * tol, atol=5 * tol)
    K.spatial_log_softmax_update_output(x, y)
    np.testing.assert_allclose(y, np.log(p), rtol=tol, atol=5 * tol)
    K.spatial_log_softmax_update_grad_input(y, g, gx)
    np.testing.assert_allclose(gx, g - p * g.sum(axis=1, keepdims=True), rtol=5 * tol, atol=5 * tol)
