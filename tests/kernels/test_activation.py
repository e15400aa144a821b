"""Element-wise activation kernels against numpy, on odd sizes, float32 and float64."""
import numpy as np
import pytest

from nnlib.kernels import activation as K
from nnlib.kernels._config import PARALLEL_MIN_SIZE

FORWARD = {
    "relu": (K.relu_update_output, lambda x: np.maximum(x, 0)),
    "tanh": (K.tanh_update_output, np.tanh),
    "sigmoid": (K.sigmoid_update_output, lambda x: 1 / (1 + np.exp(-x))),
}
# backward kernels take x (relu) or y (tanh, sigmoid) as their first argument
BACKWARD = {
    "relu": (K.relu_update_grad_input, lambda x, y, g: g * (x > 0), False),
    "tanh": (K.tanh_update_grad_input, lambda x, y, g: g * (1 - y * y), True),
    "sigmoid": (K.sigmoid_update_grad_input, lambda x, y, g: g * y * (1 - y), True),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(FORWARD))
@pytest.mark.parametrize("size", [17, PARALLEL_MIN_SIZE + 3])  # the second splits the ReLUs across threads
def test_against_numpy(name, dtype, size):
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(size) * 3).astype(dtype)
    g = rng.standard_normal(size).astype(dtype)
    kernel, ref = FORWARD[name]
    y = np.empty_like(x)
    kernel(x, y)
    rtol = 1e-6 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(y, ref(x.astype(np.float64)), rtol=rtol, atol=rtol)
    kernel_b, ref_b, uses_output = BACKWARD[name]
    gx = np.empty_like(x)
    kernel_b(y if uses_output else x, g, gx)
    np.testing.assert_allclose(gx, ref_b(x, y.astype(np.float64), g), rtol=rtol, atol=rtol)


@pytest.mark.parametrize("negval", [0.01, 0.3])
def test_leaky_relu(negval):
    x = np.random.default_rng(1).standard_normal(13)
    g = np.random.default_rng(2).standard_normal(13)
    y, gx = np.empty(13), np.empty(13)
    K.leaky_relu_update_output(x, negval, y)
    np.testing.assert_allclose(y, np.where(x > 0, x, negval * x))
    K.leaky_relu_update_grad_input(x, negval, g, gx)
    np.testing.assert_allclose(gx, np.where(x > 0, g, negval * g))


def test_single_element_and_extremes():
    x = np.array([-1000.0])
    y = np.empty(1)
    K.sigmoid_update_output(x, y)
    assert y[0] == 0.0
    K.tanh_update_output(x, y)
    assert y[0] == -1.0


@pytest.mark.parametrize("name", ["tanh", "sigmoid"])
def test_threads_split_gives_the_serial_bits(name):
    """The forward of tanh and sigmoid splits large arrays across threads; each element rounds the same."""
    kernel = FORWARD[name][0]
    x = (np.random.default_rng(3).standard_normal(PARALLEL_MIN_SIZE + 5) * 4).astype(np.float32)
    serial, parallel = np.empty_like(x), np.empty_like(x)
    kernel.serial(x, serial)
    kernel.parallel(x, parallel)
    np.testing.assert_array_equal(parallel, serial)
