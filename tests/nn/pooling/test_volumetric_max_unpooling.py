"""VolumetricMaxUnpooling: against torch's max_unpool3d, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_matches_torch():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal((2, 2, 5, 7, 6)).astype(np.float32)
    pool = nn.VolumetricMaxPooling(2, 3, 2)
    y = nn.VolumetricMaxUnpooling(pool).forward(pool.forward(x))
    p, idx = torch.nn.functional.max_pool3d(torch.from_numpy(x), (2, 2, 3), return_indices=True)
    np.testing.assert_array_equal(y, torch.nn.functional.max_unpool3d(p, idx, (2, 2, 3), output_size=(5, 7, 6)).numpy())


def test_gradients():
    x = np.random.default_rng(1).standard_normal((1, 1, 5, 4, 5))
    pool = nn.VolumetricMaxPooling(2, 2, 2).astype(np.float64)
    check_module_gradients(nn.VolumetricMaxUnpooling(pool).astype(np.float64), pool.forward(x).copy())


def test_errors():
    with pytest.raises(ValueError, match="must be an nn.VolumetricMaxPooling"):
        nn.VolumetricMaxUnpooling(nn.SpatialMaxPooling(2, 2))
    with pytest.raises(ValueError, match="kernel size must equal its stride"):
        nn.VolumetricMaxUnpooling(nn.VolumetricMaxPooling(2, 2, 2, 1, 2, 2))
