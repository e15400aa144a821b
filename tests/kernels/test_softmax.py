"""(Log-)softmax and class-NLL kernels against numpy, on odd shapes."""
import numpy as np
import pytest

from nnlib.kernels import softmax as K


def _log_softmax(x):
    z = x - x.max(1, keepdims=True)
    return z - np.log(np.exp(z).sum(1, keepdims=True))


@pytest.mark.parametrize("shape", [(1, 1), (1, 7), (5, 3)])
def test_log_softmax(shape):
    rng = np.random.default_rng(0)
    x, g = rng.standard_normal(shape) * 4, rng.standard_normal(shape)
    y, gx = np.empty(shape), np.empty(shape)
    K.log_softmax_update_output(x, y)
    np.testing.assert_allclose(y, _log_softmax(x), rtol=1e-12, atol=1e-12)
    K.log_softmax_update_grad_input(y, g, gx)
    np.testing.assert_allclose(gx, g - np.exp(y) * g.sum(1, keepdims=True), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape", [(1, 1), (1, 7), (5, 3)])
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
def test_class_nll(size_average):
    rng = np.random.default_rng(2)
    logp = _log_softmax(rng.standard_normal((5, 3)))
    t, w = rng.integers(0, 3, 5), np.array([0.5, 2.0, 1.5])
    total_weight = w[t].sum()
    ref = -(w[t] * logp[np.arange(5), t]).sum() / (total_weight if size_average else 1)
    loss, tw = K.class_nll_update_output(logp, t, w, size_average)
    assert loss == pytest.approx(ref, rel=1e-12) and tw == pytest.approx(total_weight)
    gx = np.full((5, 3), 7.0)
    K.class_nll_update_grad_input(t, w, size_average, tw, gx)
    expected = np.zeros((5, 3))
    expected[np.arange(5), t] = -w[t] / (total_weight if size_average else 1)
    np.testing.assert_allclose(gx, expected)
