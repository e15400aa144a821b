"""SpatialMaxPooling: gradients (overlapping 3/2, padding, ceil mode), shapes and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _distinct(shape, seed=0):
    """Inputs without ties, so the max is differentiable under finite differences."""
    rng = np.random.default_rng(seed)
    return rng.permutation(np.prod(shape)).reshape(shape) * 0.1 + rng.uniform(0, 0.01, shape)


@pytest.mark.parametrize("args, ceil, shape", [
    ((3, 3, 2, 2), False, (1, 2, 7, 6)),
    ((3, 3, 2, 2, 1, 1), True, (2, 1, 6, 5)),
    ((2, 3, 2, 1), True, (1, 3, 7, 5)),
])
def test_gradients(args, ceil, shape):
    pool = nn.SpatialMaxPooling(*args).astype(np.float64)
    if ceil:
        pool.ceil()
    check_module_gradients(pool, _distinct(shape), eps=1e-6)


def test_ceil_mode_shapes():
    x = np.zeros((1, 1, 6, 6), np.float32)
    assert nn.SpatialMaxPooling(3, 3, 2, 2).forward(x).shape == (1, 1, 2, 2)
    assert nn.SpatialMaxPooling(3, 3, 2, 2).ceil().forward(x).shape == (1, 1, 3, 3)
    # the last window must start inside the padded image
    assert nn.SpatialMaxPooling(2, 2, 2, 2, 1, 1).ceil().forward(np.zeros((1, 1, 4, 4), np.float32)).shape == (1, 1, 3, 3)


def test_strides_default_to_kernel_size():
    assert nn.SpatialMaxPooling(2, 2).forward(np.zeros((1, 3, 8, 6), np.float32)).shape == (1, 3, 4, 3)


def test_errors():
    with pytest.raises(ValueError, match=r"SpatialMaxPooling.*\(1, 2, 2, 2\).*smaller than the 3x3 kernel"):
        nn.SpatialMaxPooling(3, 3, 2, 2).forward(np.zeros((1, 2, 2, 2), np.float32))
    with pytest.raises(ValueError, match=r"SpatialMaxPooling.*NCHW.*\(5, 5\)"):
        nn.SpatialMaxPooling(2, 2).forward(np.zeros((5, 5), np.float32))
    with pytest.raises(ValueError, match="padding must be between 0 and half"):
        nn.SpatialMaxPooling(2, 2, 2, 2, 2, 2)


def test_repr():
    assert repr(nn.SpatialMaxPooling(3, 3, 2, 2).ceil()) == "nn.SpatialMaxPooling(3x3, 2,2, ceil)"
