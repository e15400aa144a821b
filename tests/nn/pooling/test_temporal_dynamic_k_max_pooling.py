"""TemporalDynamicKMaxPooling: top-k frames in time order against numpy, k from the factor, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_keeps_the_k_largest_in_order():
    x = np.array([[1, 5], [4, 2], [0, 3], [3, 9], [2, 1]], np.float32)
    pool = nn.TemporalDynamicKMaxPooling(3)
    np.testing.assert_array_equal(pool.forward(x), [[4, 5], [3, 3], [2, 9]])
    np.testing.assert_array_equal(pool.indices, [[1, 0], [3, 2], [4, 3]])


@pytest.mark.parametrize("min_k, factor, shape, k", [(2, 0.5, (2, 7, 3), 4), (3, 0.2, (1, 9, 2), 3)])
def test_matches_numpy(min_k, factor, shape, k):
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    y = nn.TemporalDynamicKMaxPooling(min_k, factor).forward(x)
    assert y.shape == (shape[0], k, shape[2])
    for n in range(shape[0]):
        for f in range(shape[2]):
            top = np.sort(np.argsort(-x[n, :, f])[:k])
            np.testing.assert_array_equal(y[n, :, f], x[n, top, f])


@pytest.mark.parametrize("shape", [(1, 7, 3), (5, 2)])
def test_gradients(shape):
    check_module_gradients(nn.TemporalDynamicKMaxPooling(2, 0.5).astype(np.float64),
                           np.random.default_rng(1).standard_normal(shape))


def test_errors():
    with pytest.raises(ValueError, match=r"TemporalDynamicKMaxPooling.*has 2 frames, too few for k=3"):
        nn.TemporalDynamicKMaxPooling(3).forward(np.zeros((2, 4), np.float32))
    with pytest.raises(ValueError, match="min_k must be >= 1"):
        nn.TemporalDynamicKMaxPooling(0)
