"""The element-wise loss kernels against numpy references, on odd sizes, float32 and float64."""
import numpy as np
import pytest

from nnlib.kernels import criterion_pointwise as K


def _softplus(z):
    return np.logaddexp(0, z)


def _sigmoid(z):
    return 0.5 * (1 + np.tanh(z / 2))


# op -> (extra arguments, loss terms, gradient terms) as functions of x, t
CASES = {
    "abs": ((), lambda x, t: np.abs(x - t), lambda x, t: np.where(x - t >= 0, 1.0, -1.0)),
    "smooth_l1": ((), lambda x, t: np.where(np.abs(x - t) < 1, 0.5 * (x - t) ** 2, np.abs(x - t) - 0.5),
                  lambda x, t: np.clip(x - t, -1, 1)),
    "margin": ((0.7,), lambda x, t: np.maximum(0.7 - x * t, 0), lambda x, t: np.where(x * t < 0.7, -t, 0.0)),
    "soft_margin": ((), lambda x, t: _softplus(-x * t), lambda x, t: -t * _sigmoid(-x * t)),
    "dist_kl_div": ((), lambda x, t: np.where(t > 0, t * (np.log(np.where(t > 0, t, 1)) - x), 0.0),
                    lambda x, t: np.where(t > 0, -t, 0.0)),
    "hinge_embedding": ((0.6,), lambda x, t: np.where(t == 1, x, np.maximum(0.6 - x, 0)),
                        lambda x, t: np.where(t == 1, 1.0, np.where(x > 0.6, 0.0, -1.0))),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("n", [1, 13])
@pytest.mark.parametrize("op", sorted(CASES))
def test_pointwise(op, n, size_average, dtype):
    rng = np.random.default_rng(0)
    extra, loss, grad = CASES[op]
    x = (2 * rng.standard_normal(n)).astype(dtype)
    t = np.where(rng.uniform(size=n) > 0.5, 1.0, -1.0).astype(dtype)
    if op == "dist_kl_div":
        t = np.abs(t * rng.uniform(size=n)).astype(dtype) * (rng.uniform(size=n) > 0.3)
    xd, td = x.astype(np.float64), t.astype(np.float64)
    norm = n if size_average else 1
    out = getattr(K, f"{op}_update_output")(x, t, *extra, size_average)
    assert out == pytest.approx(loss(xd, td).sum() / norm, rel=1e-6)
    g = np.empty_like(x)
    getattr(K, f"{op}_update_grad_input")(x, t, *extra, size_average, g)
    np.testing.assert_allclose(g, grad(xd, td) / norm, rtol=1e-6, atol=1e-12)


def test_l1_cost_and_distance_ratio():
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal(7), rng.standard_normal(7)
    x[3] = 0.0
    assert K.l1_cost_update_output(x) == pytest.approx(np.abs(x).sum(), rel=1e-12)
    g = np.empty(7)
    K.l1_cost_update_grad_input(x, g)
    np.testing.assert_array_equal(g, np.sign(x))
    assert K.distance_ratio_update_output(x, y, 7, True) == pytest.approx(_softplus(x - y).sum() / 7, rel=1e-12)
    gx, gy = np.empty(7), np.empty(7)
    K.distance_ratio_update_grad_input(x, y, 3, False, gx, gy)
    np.testing.assert_allclose(gx, _sigmoid(x - y), rtol=1e-12)
    np.testing.assert_allclose(gy, -_sigmoid(x - y), rtol=1e-12)
