"""SpatialDilatedMaxPooling: against torch's max_pool2d (dilation, padding, ceil mode), gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

CASES = [((3, 2, 2, 1, 1, 1, 2, 1), False, (1, 2, 9, 8)),
         ((2, 3, 2, 2, 1, 1, 2, 2), True, (2, 1, 9, 7)),
         ((3, 3, 3, 2, 0, 1, 1, 3), True, (1, 3, 11, 5))]


@pytest.mark.parametrize("args, ceil, shape", CASES)
def test_matches_torch(args, ceil, shape):
    torch = pytest.importorskip("torch")
    kW, kH, dW, dH, padW, padH, dilW, dilH = args
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    pool = nn.SpatialDilatedMaxPooling(*args)
    if ceil:
        pool.ceil()
    ref = torch.nn.functional.max_pool2d(torch.from_numpy(x), (kH, kW), (dH, dW), (padH, padW), (dilH, dilW),
                                         ceil_mode=ceil)
    np.testing.assert_array_equal(pool.forward(x), ref.numpy())
    np.testing.assert_array_equal(pool.forward(x[0]), ref.numpy()[0])


@pytest.mark.parametrize("args, ceil, shape", CASES)
def test_gradients(args, ceil, shape):
    pool = nn.SpatialDilatedMaxPooling(*args).astype(np.float64)
    if ceil:
        pool.ceil()
    check_module_gradients(pool, np.random.default_rng(1).standard_normal((1,) + shape[1:]))


def test_is_a_max_pooling_with_dilation_one():
    x = np.random.default_rng(2).standard_normal((2, 3, 7, 6)).astype(np.float32)
    np.testing.assert_array_equal(nn.SpatialDilatedMaxPooling(3, 3, 2, 2, 1, 1).ceil().forward(x),
                                  nn.SpatialMaxPooling(3, 3, 2, 2, 1, 1).ceil().forward(x))
    assert isinstance(nn.SpatialDilatedMaxPooling(2, 2), nn.SpatialMaxPooling)


def test_errors():
    with pytest.raises(ValueError, match="dilations must be >= 1"):
        nn.SpatialDilatedMaxPooling(2, 2, 1, 1, 0, 0, 0, 1)
    with pytest.raises(ValueError, match="padding must be between 0 and half"):
        nn.SpatialDilatedMaxPooling(2, 2, 1, 1, 2, 0)
    with pytest.raises(ValueError, match=r"SpatialDilatedMaxPooling.*\(1, 1, 4, 4\) is too small"):
        nn.SpatialDilatedMaxPooling(3, 3, 1, 1, 0, 0, 2, 2).forward(np.zeros((1, 1, 4, 4), np.float32))
    with pytest.raises(ValueError, match=r"SpatialDilatedMaxPooling.*expected an input \(N, C, H, W\) or \(C, H, W\)"):
        nn.SpatialDilatedMaxPooling(2, 2).forward(np.zeros((4, 4), np.float32))


def test_repr():
    assert repr(nn.SpatialDilatedMaxPooling(3, 3, 2, 2, 1, 1, 2, 2).ceil()) == \
        "nn.SpatialDilatedMaxPooling(3x3, 2,2, 1,1, ceil, dilation 2,2)"
