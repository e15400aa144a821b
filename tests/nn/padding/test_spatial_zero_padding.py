"""SpatialZeroPadding: padding, cropping with negative sizes, gradients and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_pads_with_zeros():
    x = np.arange(6, dtype=np.float32).reshape(1, 1, 2, 3)
    y = nn.SpatialZeroPadding(1, 2, 0, 1).forward(x)
    assert y.shape == (1, 1, 3, 6)
    np.testing.assert_array_equal(y[0, 0], [[0, 0, 1, 2, 0, 0], [0, 3, 4, 5, 0, 0], [0, 0, 0, 0, 0, 0]])


def test_negative_sizes_crop():
    x = np.arange(20, dtype=np.float32).reshape(1, 1, 4, 5)
    y = nn.SpatialZeroPadding(-1, 1, -2, 0).forward(x)
    np.testing.assert_array_equal(y[0, 0], np.pad(x[0, 0, 2:, 1:], ((0, 0), (0, 1))))


@pytest.mark.parametrize("pads, shape", [((1, 2, 0, 1), (1, 2, 3, 4)), ((-1, 1, 2, -2), (2, 1, 5, 3)),
                                         ((1,), (3, 4, 2))])
def test_gradients(pads, shape):
    pad = nn.SpatialZeroPadding(*pads).astype(np.float64)
    check_module_gradients(pad, np.random.default_rng(0).standard_normal(shape))


def test_cropping_to_nothing_is_an_error():
    with pytest.raises(ValueError, match=r"SpatialZeroPadding.*\(1, 1, 2, 2\) is cropped to nothing"):
        nn.SpatialZeroPadding(-1, -1, 0, 0).forward(np.zeros((1, 1, 2, 2), np.float32))
