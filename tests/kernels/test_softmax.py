"""(Log-)softmax and class-NLL kernels against numpy, on odd shapes."""
import numpy as np
import pytest

from nnlib.kernels import softmax as K


def _log_softmax(x):
    z = x - x.max(1, keepdims=True)
    return z - np.log(np.exp(z).sum(1, keepdims=True))


# (3, 21847) is above PARALLEL_MIN_SIZE: it exercises the parallel kernels.
@pytest.mark.parametrize("shape", [(1, 1), (1, 7), (5, 3), (3, 21847)])
def test_log_softmax(shape):
    rng = np.random.default_rng(0)
    x, g = rng.standard_normal(shape) * 4, rng.standard_normal(shape)
    y, gx = np.empty(shape), np.empty(shape)
    K.log_softmax_update_output(x, y)
    np.testing.assert_allclose(y, _log_softmax(x), rtol=1e-12, atol=1e-12)
    K.log_softmax_update_grad_input(y, g, gx)
    np.testing.assert_allclose(gx, g - np.exp(y) * g.sum(1, keepdims=True), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape", [(1, 1), (1, 7), (5, 3), (3, 21847)])
def test_softmax(shape):
    rng = np.random.default_rng(1)
    x, g = rng.standard_normal(shape) * 4, rng.standard_normal(shape)
    y, gx = np.empty(shape), np.empty(shape)
    K.softmax_update_output(x, y)
    p = np.exp(_log_softmax(x))
    np.testing.assert_allclose(y, p, rtol=1e-12)
    K.softmax_update_grad_input(y, g, gx)
    np.testing.assert_allclose(gx, p * (g - (g * p).sum(1, keepdims=True)), rtol=1e-10, atol=1e-14)


def test_float32_softmax_large_scores():
    x = np.array([[1000.0, 999.0, -1000.0]], np.float32)
    y = np.empty_like(x)
    K.softmax_update_output(x, y)
    np.testing.assert_allclose(y, [[1 / (1 + np.exp(-1)), np.exp(-1) / (1 + np.exp(-1)), 0]], rtol=1e-6)


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("n, c", [(5, 3), (7, 10007)])
def test_class_nll(size_average, n, c):
    rng = np.random.default_rng(2)
    logp = _log_softmax(rng.standard_normal((n, c)))
    t, w = rng.integers(0, c, n), rng.uniform(0.5, 2.0, c)
    total_weight = w[t].sum()
    ref = -(w[t] * logp[np.arange(n), t]).sum() / (total_weight if size_average else 1)
    loss, tw = K.class_nll_update_output(logp, t, w, size_average)
    assert loss == pytest.approx(ref, rel=1e-12) and tw == pytest.approx(total_weight)
    gx = np.full((n, c), 7.0)
    K.class_nll_update_grad_input(t, w, size_average, tw, 1.0, gx)
    expected = np.zeros((n, c))
    expected[np.arange(n), t] = -w[t] / (total_weight if size_average else 1)
    np.testing.assert_allclose(gx, expected)
    K.class_nll_update_grad_input(t, w, size_average, tw, 3.0, gx)
    np.testing.assert_allclose(gx, 3.0 * expected)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(1, 1), (5, 3), (7, 10007)])  # the last runs the parallel kernel
def test_log_softmax_class_nll_grad(shape, dtype):
    """The fused gradient equals LogSoftMax's backward of ClassNLL's one-hot gradient (to rounding), also in place."""
    rng = np.random.default_rng(3)
    n, c = shape
    y = _log_softmax(rng.standard_normal(shape) * 3).astype(dtype)
    t = rng.integers(0, c, n)
    k = rng.uniform(0, 2, n).astype(dtype)
    k[0] = 0  # an ignored row
    onehot = np.zeros(shape, dtype)
    onehot[np.arange(n), t] = -k
    separate = np.empty(shape, dtype)
    K.log_softmax_update_grad_input(y, onehot, separate)
    fused = np.empty(shape, dtype)
    K.log_softmax_class_nll_grad(y, t, k, fused)
    tol = 1e-6 if dtype == np.float32 else 1e-14
    np.testing.assert_allclose(fused, separate, rtol=tol, atol=tol * k.max())
    K.log_softmax_class_nll_grad(y, t, k, y)
    np.testing.assert_array_equal(y, fused)


def test_float32_log_softmax_within_float_rounding():
    """float32 rows of 10007 classes (the vectorised exp, parallel rows) against float64 numpy."""
    x = (np.random.default_rng(4).standard_normal((9, 10007)) * 5).astype(np.float32)
    y = np.empty_like(x)
    K.log_softmax_update_output(x, y)
    ref = _log_softmax(x.astype(np.float64))
    np.testing.assert_allclose(y, ref, rtol=2e-6, atol=2e-6)
    p = np.empty_like(x)
    K.softmax_update_output(x, p)
    np.testing.assert_allclose(p, np.exp(ref), rtol=2e-6, atol=1e-12)


@pytest.mark.parametrize("first", [True, False])
def test_nan_in_a_row_spreads_over_that_row_only(first):
    x = np.random.default_rng(5).standard_normal((3, 9)).astype(np.float32)
    x[1, 0 if first else 4] = np.nan
    for kernel in (K.log_softmax_update_output, K.softmax_update_output):
        y = np.empty_like(x)
        kernel(x, y)
        assert np.isnan(y[1]).all() and np.isfinite(y[[0, 2]]).all()


def test_row_kernels_run_serially():
    """A threaded row sum rounded differently when its kernel came from numba's cache (kernels.softmax)."""
    for kernel in (K.log_softmax_update_output, K.softmax_update_output, K.log_softmax_update_grad_input,
                   K.softmax_update_grad_input):
        assert not kernel.targetoptions.get("parallel")
