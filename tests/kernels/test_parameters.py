"""Parameter-update kernels against the numpy expressions they replace, bit for bit."""
import numpy as np
import pytest

from nnlib.kernels.parameters import sgd_step


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("size", [1, 7, 1031])
def test_sgd_step_rounds_like_numpy(dtype, size):
    rng = np.random.default_rng(size)
    params, grads = rng.standard_normal(size).astype(dtype), rng.standard_normal(size).astype(dtype)
    lr = dtype(0.1)
    expected = params.copy()
    expected -= np.asarray(lr, dtype=dtype) * grads
    sgd_step(params, grads, lr)
    np.testing.assert_array_equal(params, expected)
