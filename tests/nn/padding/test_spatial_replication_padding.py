"""SpatialReplicationPadding: against torch's replicate pad, cropping with negative sizes, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("pads, shape", [((1, 2, 0, 3), (2, 3, 5, 4)), ((4,), (3, 2, 3)), ((0, 1, 2, 1), (1, 1, 1, 7))])
def test_matches_torch(pads, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    full = pads * 4 if len(pads) == 1 else pads
    xb = torch.from_numpy(x if x.ndim == 4 else x[None])
    ref = torch.nn.functional.pad(xb, full, mode="replicate").numpy()
    np.testing.assert_array_equal(nn.SpatialReplicationPadding(*pads).forward(x), ref.reshape(ref.shape[-x.ndim:]))


def test_negative_sizes_crop():
    x = np.random.default_rng(1).standard_normal((2, 3, 6, 5)).astype(np.float32)
    y = nn.SpatialReplicationPadding(2, -2, -1, 3).forward(x)
    np.testing.assert_array_equal(y, np.pad(x[:, :, 1:, :-2], ((0, 0), (0, 0), (0, 3), (2, 0)), mode="edge"))


@pytest.mark.parametrize("pads, shape", [((1, 2, 0, 3), (1, 2, 3, 4)), ((-1, 2, 3, -2), (1, 1, 5, 3))])
def test_gradients(pads, shape):
    check_module_gradients(nn.SpatialReplicationPadding(*pads).astype(np.float64),
                           np.random.default_rng(2).standard_normal(shape))


def test_errors():
    with pytest.raises(ValueError, match=r"SpatialReplicationPadding.*size 3 along W is cropped to nothing"):
        nn.SpatialReplicationPadding(-2, -1, 0, 0).forward(np.zeros((1, 1, 2, 3), np.float32))
    with pytest.raises(ValueError, match=r"SpatialReplicationPadding.*float array"):
        nn.SpatialReplicationPadding(1).forward(np.zeros((1, 1, 2, 3), np.int32))
