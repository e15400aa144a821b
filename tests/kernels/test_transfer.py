"""Transfer-function kernels against numpy, on odd sizes, float32 and float64, serial and split."""
import numpy as np
import pytest

from nnlib.kernels import transfer as K
from nnlib.kernels._config import PARALLEL_MIN_SIZE


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


# name: (forward(x, out), numpy forward, backward(x, y, gy, gx), numpy backward(x, y, gy))
CASES = {
    "threshold": (lambda x, o: K.threshold_update_output(x, 0.2, -3.0, o), lambda x: np.where(x > 0.2, x, -3.0),
                  lambda x, y, g, gx: K.threshold_update_grad_input(x, 0.2, g, gx), lambda x, y, g: g * (x > 0.2)),
    "hard_tanh": (lambda x, o: K.hard_tanh_update_output(x, -1.0, 2.0, o), lambda x: np.clip(x, -1, 2),
                  lambda x, y, g, gx: K.hard_tanh_update_grad_input(x, -1.0, 2.0, g, gx),
                  lambda x, y, g: g * ((x > -1) & (x < 2))),
    "hard_shrink": (lambda x, o: K.hard_shrink_update_output(x, 0.5, o), lambda x: np.where(np.abs(x) > 0.5, x, 0),
                    lambda x, y, g, gx: K.shrink_update_grad_input(x, 0.5, g, gx), lambda x, y, g: g * (np.abs(x) > 0.5)),
    "soft_shrink": (lambda x, o: K.soft_shrink_update_output(x, 0.5, o),
                    lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.5, 0),
                    lambda x, y, g, gx: K.shrink_update_grad_input(x, 0.5, g, gx), lambda x, y, g: g * (np.abs(x) > 0.5)),
    "soft_plus": (lambda x, o: K.soft_plus_update_output(x, 2.0, 20.0, o),
                  lambda x: np.where(2 * x > 20, x, np.log1p(np.exp(2 * x)) / 2),
                  lambda x, y, g, gx: K.soft_plus_update_grad_input(y, 2.0, 20.0, g, gx),
                  lambda x, y, g: np.where(2 * y > 20, g, g * -np.expm1(-2 * y))),  # Torch7's through-y form
    "soft_sign": (K.soft_sign_update_output, lambda x: x / (1 + np.abs(x)),
                  lambda x, y, g, gx: K.soft_sign_update_grad_input(x, g, gx), lambda x, y, g: g / (1 + np.abs(x)) ** 2),
    "log_sigmoid": (K.log_sigmoid_update_output, lambda x: np.log(_sigmoid(x)),
                    lambda x, y, g, gx: K.log_sigmoid_update_grad_input(x, g, gx), lambda x, y, g: g * _sigmoid(-x)),
    "elu": (lambda x, o: K.elu_update_output(x, 0.7, o), lambda x: np.where(x > 0, x, 0.7 * np.expm1(x)),
            lambda x, y, g, gx: K.elu_update_grad_input(y, 0.7, g, gx),
            lambda x, y, g: g * np.where(x > 0, 1, 0.7 * np.exp(x))),
    "tanh_shrink": (K.tanh_shrink_update_output, lambda x: x - np.tanh(x),
                    lambda x, y, g, gx: K.tanh_shrink_update_grad_input(x, g, gx), lambda x, y, g: g * np.tanh(x) ** 2),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("size", [17, PARALLEL_MIN_SIZE + 3])
def test_against_numpy(name, dtype, size):
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(size) * 3).astype(dtype)
    g = rng.standard_normal(size).astype(dtype)
    forward, ref, backward, ref_b = CASES[name]
    y, gx = np.empty_like(x), np.empty_like(x)
    forward(x, y)
    tol = 2e-6 if dtype == np.float32 else 1e-12
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(y, ref(x64), rtol=tol, atol=tol)
    backward(x, y, g, gx)
    np.testing.assert_allclose(gx, ref_b(x64, y, g), rtol=5 * tol, atol=5 * tol)


def test_in_place_aliasing():
    x = np.random.default_rng(1).standard_normal(31)
    expected = np.where(x > 0, x, np.expm1(x))
    K.elu_update_output(x, 1.0, x)
    np.testing.assert_allclose(x, expected)


@pytest.mark.parametrize("shape", [(1, 1, 7), (3, 4, 5), (2, 1, 1)])
def test_prelu(shape):
    rng = np.random.default_rng(2)
    x, g = rng.standard_normal(shape), rng.standard_normal(shape)
    w = rng.uniform(0, 1, shape[1])
    y, gx, gw = np.empty(shape), np.empty(shape), np.full(shape[1], 0.5)
    K.prelu_update_output(x, w, y)
    slope = np.where(x > 0, 1, w[None, :, None])
    np.testing.assert_allclose(y, x * slope)
    K.prelu_update_grad_input(x, w, g, gx)
    np.testing.assert_allclose(gx, g * slope)
    K.prelu_acc_grad_parameters(x, g, 2.0, gw)
    np.testing.assert_allclose(gw, 0.5 + 2 * np.sum(np.where(x <= 0, x * g, 0), axis=(0, 2)))


def test_rrelu_train():
    rng = np.random.default_rng(3)
    x = rng.standard_normal(19)
    u = rng.random(19)
    noise, y, g, gx = u.copy(), np.empty(19), rng.standard_normal(19), np.empty(19)
    K.rrelu_train_update_output(x, noise, 0.1, 0.3, y)
    slopes = np.where(x <= 0, 0.1 + 0.2 * u, 1)
    np.testing.assert_allclose(noise, slopes)
    np.testing.assert_allclose(y, x * slopes)
    K.multiply_update_grad_input(noise, g, gx)
    np.testing.assert_allclose(gx, g * slopes)


def test_glu_and_crelu():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 2, 5))
    y, g, gx = np.empty((3, 5)), rng.standard_normal((3, 5)), np.empty((3, 2, 5))
    K.glu_update_output(x, y)
    s = _sigmoid(x[:, 1])
    np.testing.assert_allclose(y, x[:, 0] * s)
    K.glu_update_grad_input(x, g, gx)
    np.testing.assert_allclose(gx[:, 0], g * s)
    np.testing.assert_allclose(gx[:, 1], g * x[:, 0] * s * (1 - s))
    x2 = rng.standard_normal((3, 7))
    y2, g2, gx2 = np.empty((3, 14)), rng.standard_normal((3, 14)), np.empty((3, 7))
    K.crelu_update_output(x2, y2)
    np.testing.assert_allclose(y2, np.concatenate([np.maximum(x2, 0), np.maximum(-x2, 0)], 1))
    K.crelu_update_grad_input(x2, g2, gx2)
    np.testing.assert_allclose(gx2, g2[:, :7] * (x2 > 0) - g2[:, 7:] * (x2 < 0))
