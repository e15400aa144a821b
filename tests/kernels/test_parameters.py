"""Parameter-update kernels against the numpy expressions they replace, bit for bit."""
import numpy as np
import pytest

from nnlib.kernels._config import PARALLEL_MIN_SIZE
from nnlib.kernels.parameters import fill_zero, sgd_step


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("size", [1, 7, 1031, PARALLEL_MIN_SIZE + 13])  # the last on the thread pool
def test_sgd_step_rounds_like_numpy(dtype, size):
    rng = np.random.default_rng(size)
    params, grads = rng.standard_normal(size).astype(dtype), rng.standard_normal(size).astype(dtype)
    lr = dtype(0.1)
    expected = params.copy()
    expected -= np.asarray(lr, dtype=dtype) * grads
    sgd_step(params, grads, lr)
    np.testing.assert_array_equal(params, expected)


@pytest.mark.parametrize("size", [1, 1031, PARALLEL_MIN_SIZE + 13])
def test_fill_zero(size):
    values = np.random.default_rng(size).standard_normal(size).astype(np.float32)
    fill_zero(values)
    assert not values.any()
