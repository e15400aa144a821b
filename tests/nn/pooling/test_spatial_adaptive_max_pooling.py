"""SpatialAdaptiveMaxPooling: against torch's adaptive_max_pool2d, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("W, H, shape", [(3, 4, (2, 3, 9, 8)), (5, 2, (1, 2, 3, 7)), (4, 4, (3, 5, 5))])
def test_matches_torch(W, H, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    ref, idx = torch.nn.functional.adaptive_max_pool2d(torch.from_numpy(x), (H, W), return_indices=True)
    pool = nn.SpatialAdaptiveMaxPooling(W, H)
    np.testing.assert_array_equal(pool.forward(x), ref.numpy())
    np.testing.assert_array_equal(pool.indices, idx.numpy())


def test_gradients():
    check_module_gradients(nn.SpatialAdaptiveMaxPooling(3, 2).astype(np.float64),
                           np.random.default_rng(1).standard_normal((1, 2, 7, 5)))


def test_upsizes_when_the_output_is_larger():
    x = np.arange(4, dtype=np.float32).reshape(1, 1, 2, 2)
    np.testing.assert_array_equal(nn.SpatialAdaptiveMaxPooling(4, 3).forward(x)[0, 0],
                                  [[0, 0, 1, 1], [2, 2, 3, 3], [2, 2, 3, 3]])


def test_errors():
    with pytest.raises(ValueError, match="output sizes must be >= 1"):
        nn.SpatialAdaptiveMaxPooling(0, 2)
    with pytest.raises(ValueError, match=r"SpatialAdaptiveMaxPooling.*float array"):
        nn.SpatialAdaptiveMaxPooling(2, 2).forward(np.zeros((1, 1, 4, 4), np.int64))
