"""VolumetricReplicationPadding: against torch's replicate pad, cropping, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("pads, shape", [((1, 2, 0, 1, 2, 1), (2, 2, 4, 5, 3)), ((2,), (1, 3, 2, 3))])
def test_matches_torch(pads, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    full = pads * 6 if len(pads) == 1 else pads
    ref = torch.nn.functional.pad(torch.from_numpy(x), full, mode="replicate")
    np.testing.assert_array_equal(nn.VolumetricReplicationPadding(*pads).forward(x), ref.numpy())


def test_negative_sizes_crop():
    x = np.random.default_rng(1).standard_normal((1, 2, 5, 4, 6)).astype(np.float32)
    y = nn.VolumetricReplicationPadding(-1, 1, 2, -1, -2, 1).forward(x)
    ref = np.pad(x[:, :, 2:, :-1, 1:], ((0, 0), (0, 0), (0, 1), (2, 0), (0, 1)), mode="edge")
    np.testing.assert_array_equal(y, ref)


@pytest.mark.parametrize("pads", [(1, 0, 2, 1, 0, 1), (-1, 1, 1, -1, 1, 0)])
def test_gradients(pads):
    check_module_gradients(nn.VolumetricReplicationPadding(*pads).astype(np.float64),
                           np.random.default_rng(2).standard_normal((1, 1, 3, 4, 3)))


def test_errors():
    with pytest.raises(ValueError, match=r"VolumetricReplicationPadding.*expected an input \(N, C, T, H, W\)"):
        nn.VolumetricReplicationPadding(1).forward(np.zeros((2, 3, 3), np.float32))
    with pytest.raises(ValueError, match=r"VolumetricReplicationPadding.*size 2 along T is cropped to nothing"):
        nn.VolumetricReplicationPadding(0, 0, 0, 0, -1, -1).forward(np.zeros((1, 2, 3, 3), np.float32))
