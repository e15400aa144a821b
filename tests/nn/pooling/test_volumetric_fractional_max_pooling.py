"""VolumetricFractionalMaxPooling: against torch's fractional_max_pool3d with the same samples, gradients."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("args, shape", [((2, 3, 2, 3, 3, 4), (2, 2, 7, 8, 6)), ((2, 2, 2, 0.5, 0.5, 0.6), (1, 7, 6, 9))])
def test_matches_torch_with_the_same_samples(args, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    pool = nn.VolumetricFractionalMaxPooling(*args)
    y = pool.forward(x)
    kT, kW, kH = args[:3]
    xb = x if x.ndim == 5 else x[None]
    # Torch7 orders each plane's samples T, W, H; PyTorch T, H, W
    samples = torch.from_numpy(np.ascontiguousarray(pool.random_samples[..., [0, 2, 1]]))
    ref = torch.nn.functional.fractional_max_pool3d(torch.from_numpy(xb), (kT, kH, kW), output_size=y.shape[-3:],
                                                    _random_samples=samples)
    np.testing.assert_array_equal(y, ref.numpy().reshape(y.shape))


def test_gradients():
    pool = nn.VolumetricFractionalMaxPooling(2, 2, 3, 2, 3, 2).astype(np.float64).fix_pooling_regions()
    check_module_gradients(pool, np.random.default_rng(1).standard_normal((1, 1, 5, 5, 6)))


def test_errors():
    with pytest.raises(ValueError, match=r"VolumetricFractionalMaxPooling.*too small.*along T"):
        nn.VolumetricFractionalMaxPooling(2, 2, 2, 4, 2, 2).forward(np.zeros((1, 1, 4, 5, 5), np.float32))
    assert repr(nn.VolumetricFractionalMaxPooling(2, 2, 2, 3, 4, 5)) == "nn.VolumetricFractionalMaxPooling(3x4x5, 2,2,2)"
