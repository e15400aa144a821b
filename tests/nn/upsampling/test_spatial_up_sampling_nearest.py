"""SpatialUpSamplingNearest: against torch's nearest interpolate, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("scale, shape", [(2, (2, 3, 5, 4)), (3, (1, 3, 2)), (1, (1, 1, 3, 3))])
def test_matches_torch(scale, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    xb = torch.from_numpy(x if x.ndim == 4 else x[None])
    ref = torch.nn.functional.interpolate(xb, scale_factor=scale, mode="nearest").numpy()
    np.testing.assert_array_equal(nn.SpatialUpSamplingNearest(scale).forward(x), ref.reshape(ref.shape[-x.ndim:]))


@pytest.mark.parametrize("scale, shape", [(2, (1, 2, 3, 3)), (3, (2, 1, 3))])
def test_gradients(scale, shape):
    check_module_gradients(nn.SpatialUpSamplingNearest(scale).astype(np.float64),
                           np.random.default_rng(1).standard_normal(shape))


def test_errors():
    with pytest.raises(ValueError, match="scale_factor must be an integer >= 1"):
        nn.SpatialUpSamplingNearest(1.5)
    with pytest.raises(ValueError, match="scale_factor must be an integer >= 1"):
        nn.SpatialUpSamplingNearest(0)
    with pytest.raises(ValueError, match=r"SpatialUpSamplingNearest.*expected an input \(N, C, H, W\)"):
        nn.SpatialUpSamplingNearest(2).forward(np.zeros((3, 3), np.float32))
