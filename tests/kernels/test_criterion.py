"""Loss kernels against numpy references, on odd shapes."""
import numpy as np
import pytest

from nnlib.kernels import criterion as K


@pytest.mark.parametrize("size_average", [True, False])
def test_mse(size_average):
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal(13), rng.standard_normal(13)
    norm = 13 if size_average else 1
    assert K.mse_update_output(x, t, size_average) == pytest.approx(((x - t) ** 2).sum() / norm, rel=1e-12)
    g = np.empty(13)
    K.mse_update_grad_input(x, t, size_average, g)
    np.testing.assert_allclose(g, 2 * (x - t) / norm, rtol=1e-12)


@pytest.mark.parametrize("size_average", [True, False])
def test_bce(size_average):
    rng = np.random.default_rng(1)
    x, t, w = rng.uniform(0, 1, (3, 5)), rng.uniform(0, 1, (3, 5)), rng.uniform(0.5, 2, 5)
    eps = 1e-12
    norm = x.size if size_average else 1
    ref = -(w * (t * np.log(x + eps) + (1 - t) * np.log(1 - x + eps))).sum() / norm
    assert K.bce_update_output(x, t, w, eps, size_average) == pytest.approx(ref, rel=1e-12)
    g = np.empty_like(x)
    K.bce_update_grad_input(x, t, w, eps, size_average, g)
    np.testing.assert_allclose(g, w * ((1 - t) / (1 - x + eps) - t / (x + eps)) / norm, rtol=1e-12)


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("n", [1, 4])
def test_cross_entropy(n, size_average):
    rng = np.random.default_rng(2)
    x, t, w = rng.standard_normal((n, 7)) * 5, rng.integers(0, 7, n), rng.uniform(0.5, 2, 7)
    logp = x - x.max(1, keepdims=True)
    logp -= np.log(np.exp(logp).sum(1, keepdims=True))
    total_weight = w[t].sum()
    norm = total_weight if size_average else 1
    loss, tw = K.cross_entropy_update_output(x, t, w, size_average)
    assert tw == pytest.approx(total_weight)
    assert loss == pytest.approx(-(w[t] * logp[np.arange(n), t]).sum() / norm, rel=1e-12)
    g = np.empty_like(x)
    K.cross_entropy_update_grad_input(x, t, w, size_average, g)
    onehot = np.eye(7)[t]
    np.testing.assert_allclose(g, w[t][:, None] * (np.exp(logp) - onehot) / norm, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_parallel_rows_and_scale(dtype):
    """Rows above the parallel threshold (vectorised exp); `scale` multiplies the gradient."""
    rng = np.random.default_rng(5)
    n, c = 11, 10007
    x, t = (rng.standard_normal((n, c)) * 4).astype(dtype), rng.integers(0, c, n)
    w = np.ones(c, dtype)
    z = x.astype(np.float64) - x.max(1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    loss, _ = K.cross_entropy_update_output(x, t, w, True)
    tol = 1e-6 if dtype == np.float32 else 1e-12
    assert loss == pytest.approx(-logp[np.arange(n), t].mean(), rel=tol)
    g = np.empty_like(x)
    K.cross_entropy_update_grad_input(x, t, w, True, g, 3.0)
    expected = 3.0 * (np.exp(logp) - np.eye(c)[t]) / n
    np.testing.assert_allclose(g, expected, rtol=tol * 10, atol=tol * 1e-3)
