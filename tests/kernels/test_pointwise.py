"""Element-wise math kernels against numpy, on odd sizes, float32 and float64, serial and split."""
import numpy as np
import pytest

from nnlib.kernels import pointwise as K
from nnlib.kernels._config import PARALLEL_MIN_SIZE

# name: (forward(x, out), numpy forward, backward(x, y, gy, gx), numpy backward(x, gy), positive inputs only)
CASES = {
    "abs": (K.abs_update_output, np.abs, lambda x, y, g, gx: K.abs_update_grad_input(x, g, gx),
            lambda x, g: g * np.where(x >= 0, 1, -1), False),
    "exp": (K.exp_update_output, np.exp, lambda x, y, g, gx: K.exp_update_grad_input(y, g, gx),
            lambda x, g: g * np.exp(x), False),
    "log": (K.log_update_output, np.log, lambda x, y, g, gx: K.log_update_grad_input(x, g, gx), lambda x, g: g / x, True),
    "square": (K.square_update_output, np.square, lambda x, y, g, gx: K.square_update_grad_input(x, g, gx),
               lambda x, g: 2 * g * x, False),
    "sqrt": (lambda x, o: K.sqrt_update_output(x, 0.25, o), lambda x: np.sqrt(x + 0.25),
             lambda x, y, g, gx: K.sqrt_update_grad_input(y, g, gx), lambda x, g: 0.5 * g / np.sqrt(x + 0.25), True),
    "power": (lambda x, o: K.power_update_output(x, 1.5, o), lambda x: x ** 1.5,
              lambda x, y, g, gx: K.power_update_grad_input(x, 1.5, g, gx), lambda x, g: 1.5 * x ** 0.5 * g, True),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("size", [17, PARALLEL_MIN_SIZE + 3])
def test_against_numpy(name, dtype, size):
    forward, ref, backward, ref_b, positive = CASES[name]
    rng = np.random.default_rng(0)
    x = (rng.uniform(0.1, 3, size) if positive else rng.standard_normal(size) * 2).astype(dtype)
    g = rng.standard_normal(size).astype(dtype)
    y, gx = np.empty_like(x), np.empty_like(x)
    forward(x, y)
    tol = 2e-6 if dtype == np.float32 else 1e-12
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(y, ref(x64), rtol=tol, atol=tol)
    backward(x, y, g, gx)
    np.testing.assert_allclose(gx, ref_b(x64, g), rtol=5 * tol, atol=5 * tol)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_exp_log_special_values(dtype):
    """inf, -inf and NaN propagate; exp overflows to inf and underflows to 0; log is -inf at 0, NaN below."""
    x = np.array([0.0, -1.0, 1.0, np.inf, -np.inf, np.nan, 1000.0, -1000.0], dtype)
    y = np.empty_like(x)
    K.log_update_output(x, y)
    np.testing.assert_array_equal(y[:6], np.array([-np.inf, np.nan, 0.0, np.inf, np.nan, np.nan], dtype))
    K.exp_update_output(x, y)
    np.testing.assert_array_equal(y, np.array([1.0, np.exp(-1.0), np.e, np.inf, 0.0, np.nan, np.inf, 0.0], dtype))


def test_edges():
    y = np.empty(3)
    K.sqrt_update_output(np.array([0.0, -1.0, 4.0]), 0.0, y)
    assert y[0] == 0 and np.isnan(y[1]) and y[2] == 2
    gx = np.empty(3)
    K.sqrt_update_grad_input(np.array([0.0, 1.0, 2.0]), np.ones(3), gx)
    np.testing.assert_array_equal(gx, [0, 0.5, 0.25])


@pytest.mark.parametrize("kernel", [K.exp_update_output, K.log_update_output], ids=["exp", "log"])
def test_threads_split_gives_the_serial_bits(kernel):
    """Exp and Log split large arrays across threads; each element rounds the same wherever it falls."""
    x = np.abs(np.random.default_rng(3).standard_normal(PARALLEL_MIN_SIZE + 5) * 4).astype(np.float32)
    serial, parallel = np.empty_like(x), np.empty_like(x)
    kernel.serial(x, serial)
    kernel.parallel(x, parallel)
    np.testing.assert_array_equal(parallel, serial)
