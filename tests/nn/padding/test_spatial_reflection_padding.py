"""SpatialReflectionPadding: against torch's reflect pad, cropping with negative sizes, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("pads, shape", [((1, 2, 0, 3), (2, 3, 5, 4)), ((2,), (3, 4, 5)), ((0, 1, 2, 1), (1, 1, 3, 7))])
def test_matches_torch(pads, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    full = pads * 4 if len(pads) == 1 else pads
    ref = torch.nn.functional.pad(torch.from_numpy(x), full, mode="reflect")
    np.testing.assert_array_equal(nn.SpatialReflectionPadding(*pads).forward(x), ref.numpy())


def test_negative_sizes_crop():
    x = np.random.default_rng(1).standard_normal((2, 3, 6, 5)).astype(np.float32)
    y = nn.SpatialReflectionPadding(-1, 2, 2, -2).forward(x)
    ref = np.pad(x[:, :, :-2, 1:], ((0, 0), (0, 0), (2, 0), (0, 2)), mode="reflect")
    np.testing.assert_array_equal(y, ref)


@pytest.mark.parametrize("pads, shape", [((1, 2, 0, 3), (1, 2, 5, 4)), ((-1, 2, 1, -2), (1, 1, 5, 4)), ((1,), (2, 3, 3))])
def test_gradients(pads, shape):
    check_module_gradients(nn.SpatialReflectionPadding(*pads).astype(np.float64),
                           np.random.default_rng(2).standard_normal(shape))


def test_errors():
    with pytest.raises(ValueError, match=r"SpatialReflectionPadding.*padding 3 along W must be smaller than the input size 3"):
        nn.SpatialReflectionPadding(3, 0, 0, 0).forward(np.zeros((1, 1, 4, 3), np.float32))
    with pytest.raises(ValueError, match=r"SpatialReflectionPadding.*size 2 along H is cropped to nothing"):
        nn.SpatialReflectionPadding(0, 0, -1, -1).forward(np.zeros((1, 1, 2, 3), np.float32))
    with pytest.raises(ValueError, match=r"SpatialReflectionPadding.*expected an input \(N, C, H, W\)"):
        nn.SpatialReflectionPadding(1).forward(np.zeros((3, 3), np.float32))
    assert repr(nn.SpatialReflectionPadding(1, 2, 3, 4)) == "nn.SpatialReflectionPadding(l=1, r=2, t=3, b=4)"
