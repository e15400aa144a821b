"""SpatialUpSamplingBilinear: against torch's bilinear interpolate with aligned corners, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("args, shape", [((2,), (2, 3, 5, 4)), (({"owidth": 7, "oheight": 3},), (1, 2, 4, 3)),
                                         ((), (3, 2, 5)), ((3,), (1, 1, 1, 2))])
def test_matches_torch(args, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    module = nn.SpatialUpSamplingBilinear(*args) if args else nn.SpatialUpSamplingBilinear(owidth=9, oheight=1)
    y = module.forward(x)
    xb = torch.from_numpy(x if x.ndim == 4 else x[None])
    ref = torch.nn.functional.interpolate(xb, size=y.shape[-2:], mode="bilinear", align_corners=True).numpy()
    np.testing.assert_allclose(y, ref.reshape(y.shape), rtol=1e-5, atol=1e-6)


def test_output_size_from_the_scale():
    assert nn.SpatialUpSamplingBilinear(3).forward(np.zeros((1, 1, 2, 5), np.float32)).shape == (1, 1, 6, 15)


@pytest.mark.parametrize("args, shape", [((2,), (1, 2, 3, 3)), (({"owidth": 5, "oheight": 2},), (2, 3, 4))])
def test_gradients(args, shape):
    check_module_gradients(nn.SpatialUpSamplingBilinear(*args).astype(np.float64),
                           np.random.default_rng(1).standard_normal(shape))


def test_errors():
    with pytest.raises(ValueError, match="give an integer scale_factor, or owidth and oheight"):
        nn.SpatialUpSamplingBilinear({"owidth": 3})
    with pytest.raises(ValueError, match="scale_factor must be an integer >= 1"):
        nn.SpatialUpSamplingBilinear(2.5)
    assert repr(nn.SpatialUpSamplingBilinear(owidth=4, oheight=5)) == "nn.SpatialUpSamplingBilinear(owidth=4, oheight=5)"
