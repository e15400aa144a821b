"""SpatialAdaptiveAveragePooling: against torch's adaptive_avg_pool2d, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("W, H, shape", [(3, 4, (2, 3, 9, 8)), (5, 2, (1, 2, 3, 7)), (4, 4, (3, 5, 5))])
def test_matches_torch(W, H, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    ref = torch.nn.functional.adaptive_avg_pool2d(torch.from_numpy(x), (H, W))
    np.testing.assert_allclose(nn.SpatialAdaptiveAveragePooling(W, H).forward(x), ref.numpy(), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("shape", [(1, 2, 7, 5), (2, 3, 4)])
def test_gradients(shape):
    check_module_gradients(nn.SpatialAdaptiveAveragePooling(3, 2).astype(np.float64),
                           np.random.default_rng(1).standard_normal(shape))


def test_errors():
    with pytest.raises(ValueError, match="output sizes must be >= 1"):
        nn.SpatialAdaptiveAveragePooling(2, 0)
    with pytest.raises(ValueError, match=r"SpatialAdaptiveAveragePooling.*grad_output shape"):
        pool = nn.SpatialAdaptiveAveragePooling(2, 2)
        x = np.zeros((1, 1, 4, 4), np.float32)
        pool.forward(x)
        pool.backward(x, np.zeros((1, 1, 3, 2), np.float32))
