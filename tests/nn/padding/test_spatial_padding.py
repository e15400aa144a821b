"""SpatialPadding (nnx): any two axes, a fill value, cropping with negative sizes, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_pads_the_h_and_w_of_one_image_with_the_value():
    x = np.arange(30, dtype=np.float32).reshape(2, 3, 5)
    y = nn.SpatialPadding(1, 2, 0, 3, val=-1.5).forward(x)
    np.testing.assert_array_equal(y, np.pad(x, ((0, 0), (0, 3), (1, 2)), constant_values=-1.5))


def test_pads_default_to_pad_l():
    module = nn.SpatialPadding(2)
    assert (module.pad_l, module.pad_r, module.pad_t, module.pad_b) == (2, 2, 2, 2)
    assert repr(module) == "nn.SpatialPadding(l=2, r=2, t=2, b=2, y_dim=1, x_dim=2)"


@pytest.mark.parametrize("y_dim, x_dim, shape", [(0, 2, (4, 3, 5)), (-2, -1, (2, 3, 4, 5)), (2, 0, (3, 3, 4))])
def test_pads_the_axes_it_is_told(y_dim, x_dim, shape):
    x = np.random.default_rng(0).standard_normal(shape)
    y = nn.SpatialPadding(1, -1, 2, 0, y_dim, x_dim, 7.0).astype(np.float64).forward(x)
    n = x.ndim
    pads = [(0, 0)] * n
    pads[y_dim % n], pads[x_dim % n] = (2, 0), (1, 0)
    cropped = x[tuple(slice(None, -1) if axis == x_dim % n else slice(None) for axis in range(n))]
    np.testing.assert_array_equal(y, np.pad(cropped, pads, constant_values=7.0))


def test_negative_sizes_crop():
    x = np.arange(20, dtype=np.float32).reshape(1, 4, 5)
    y = nn.SpatialPadding(-1, 1, -2, 0).forward(x)
    np.testing.assert_array_equal(y[0], np.pad(x[0, 2:, 1:], ((0, 0), (0, 1))))


@pytest.mark.parametrize("args, shape", [((1, 2, 0, 1), (2, 3, 4)), ((-1, 1, 2, -2, 0, 1, 0.5), (5, 3, 2)),
                                         ((1, 0, 1, 1, -2, -1), (2, 1, 3, 3))])
def test_gradients(args, shape):
    check_module_gradients(nn.SpatialPadding(*args).astype(np.float64),
                           np.random.default_rng(1).standard_normal(shape))


def test_errors():
    with pytest.raises(ValueError, match="SpatialPadding: y_dim and x_dim must be two different axes"):
        nn.SpatialPadding(1, y_dim=2, x_dim=2)
    with pytest.raises(ValueError, match=r"SpatialPadding.*\(4, 4\) has no axis x_dim=2; expected at least 3 axes"):
        nn.SpatialPadding(1).forward(np.zeros((4, 4), np.float32))
    with pytest.raises(ValueError, match=r"SpatialPadding.*y_dim=1 and x_dim=-1 are the same axis"):
        nn.SpatialPadding(1, x_dim=-1).forward(np.zeros((4, 4), np.float32))
    with pytest.raises(ValueError, match=r"SpatialPadding.*\(1, 2, 2\) is cropped to nothing"):
        nn.SpatialPadding(-1, -1, 0, 0).forward(np.zeros((1, 2, 2), np.float32))
    with pytest.raises(ValueError, match=r"SpatialPadding.*float"):
        nn.SpatialPadding(1).forward(np.zeros((1, 2, 2), np.int64))
