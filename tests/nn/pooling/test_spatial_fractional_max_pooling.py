"""SpatialFractionalMaxPooling: against torch's fractional_max_pool2d with the same samples, fixed regions,
gradients, errors."""
import numpy as np
import pytest

import nnlib
from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("args, shape", [((2, 3, 4, 3), (2, 3, 9, 8)), ((3, 2, 0.5, 0.7), (1, 2, 9, 11)),
                                         ((2, 2, 1, 1), (2, 5, 5))])
def test_matches_torch_with_the_same_samples(args, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    pool = nn.SpatialFractionalMaxPooling(*args)
    y = pool.forward(x)
    kW, kH = args[:2]
    xb = x if x.ndim == 4 else x[None]
    ref, idx = torch.nn.functional.fractional_max_pool2d(
        torch.from_numpy(xb), (kH, kW), output_size=y.shape[-2:], return_indices=True,
        _random_samples=torch.from_numpy(pool.random_samples))
    np.testing.assert_array_equal(y, ref.numpy().reshape(y.shape))
    np.testing.assert_array_equal(pool.indices, idx.numpy().reshape(y.shape))


def test_regions_are_redrawn_unless_fixed():
    x = np.random.default_rng(1).standard_normal((2, 3, 11, 11)).astype(np.float32)
    pool = nn.SpatialFractionalMaxPooling(2, 2, 6, 6)
    first = pool.forward(x).copy()
    samples = pool.random_samples.copy()
    pool.forward(x)
    assert not np.array_equal(samples, pool.random_samples)
    pool.fix_pooling_regions()
    pool.random_samples[...] = samples
    np.testing.assert_array_equal(pool.forward(x), first)
    np.testing.assert_array_equal(pool.random_samples, samples)


def test_samples_come_from_the_library_generator():
    x = np.random.default_rng(1).standard_normal((1, 2, 9, 9)).astype(np.float32)
    nnlib.manual_seed(5)
    a = nn.SpatialFractionalMaxPooling(2, 2, 4, 4).forward(x).copy()
    nnlib.manual_seed(5)
    np.testing.assert_array_equal(nn.SpatialFractionalMaxPooling(2, 2, 4, 4).forward(x), a)


@pytest.mark.parametrize("args, shape", [((2, 3, 4, 3), (1, 2, 9, 8)), ((3, 2, 0.5, 0.6), (2, 7, 7))])
def test_gradients(args, shape):
    pool = nn.SpatialFractionalMaxPooling(*args).astype(np.float64)
    x = np.random.default_rng(2).standard_normal(shape)
    pool.forward(x)
    pool.fix_pooling_regions()
    check_module_gradients(pool, x)


def test_errors():
    with pytest.raises(ValueError, match="pool sizes must be integers >= 2"):
        nn.SpatialFractionalMaxPooling(1, 2, 3, 3)
    with pytest.raises(ValueError, match="either output sizes"):
        nn.SpatialFractionalMaxPooling(2, 2, 3, 0.5)
    with pytest.raises(ValueError, match=r"SpatialFractionalMaxPooling.*\(1, 1, 5, 5\) is too small"):
        nn.SpatialFractionalMaxPooling(2, 2, 4, 4).forward(np.zeros((1, 1, 5, 5), np.float32))
    assert repr(nn.SpatialFractionalMaxPooling(2, 3, 4, 5)) == "nn.SpatialFractionalMaxPooling(4x5, 2,3)"
