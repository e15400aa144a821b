"""SpatialMaxUnpooling: against torch's max_unpool2d, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("k, shape", [(2, (2, 3, 9, 8)), (3, (1, 7, 7))])
def test_matches_torch(k, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    pool = nn.SpatialMaxPooling(k, k)
    unpool = nn.SpatialMaxUnpooling(pool)
    y = unpool.forward(pool.forward(x))
    xb = torch.from_numpy(x if x.ndim == 4 else x[None])
    p, idx = torch.nn.functional.max_pool2d(xb, k, return_indices=True)
    ref = torch.nn.functional.max_unpool2d(p, idx, k, output_size=shape[-2:])
    np.testing.assert_array_equal(y, ref.numpy().reshape(y.shape))


def test_gradients():
    x = np.random.default_rng(1).standard_normal((1, 2, 5, 7))
    pool = nn.SpatialMaxPooling(2, 2).astype(np.float64)
    unpool = nn.SpatialMaxUnpooling(pool).astype(np.float64)
    check_module_gradients(unpool, pool.forward(x).copy())


def test_errors():
    with pytest.raises(ValueError, match="must be an nn.SpatialMaxPooling"):
        nn.SpatialMaxUnpooling(nn.SpatialAveragePooling(2, 2))
    with pytest.raises(ValueError, match="kernel size must equal its stride"):
        nn.SpatialMaxUnpooling(nn.SpatialMaxPooling(3, 3, 2, 2))
    with pytest.raises(ValueError, match=r"SpatialMaxUnpooling.*run the pooling module first"):
        nn.SpatialMaxUnpooling(nn.SpatialMaxPooling(2, 2)).forward(np.zeros((1, 1, 2, 2), np.float32))
