"""UpSampling: nearest and linear, 4-D and 5-D, against torch's interpolate; gradients; errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

CASES = [(2, "nearest", (2, 3, 3, 4)), (3, "nearest", (1, 2, 2, 3, 2)), (2, "bilinear", (2, 1, 3, 4)),
         (2, "trilinear", (1, 2, 3, 2, 4)), ({"odepth": 5, "owidth": 4, "oheight": 7}, "linear", (1, 1, 3, 4, 3)),
         ({"owidth": 5, "oheight": 2}, "linear", (2, 2, 3, 3))]


@pytest.mark.parametrize("params, mode, shape", CASES)
def test_matches_torch(params, mode, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    y = nn.UpSampling(params, mode).forward(x)
    linear = {4: "bilinear", 5: "trilinear"}[x.ndim] if mode != "nearest" else "nearest"
    ref = torch.nn.functional.interpolate(torch.from_numpy(x), size=y.shape[2:], mode=linear,
                                          align_corners=True if linear != "nearest" else None)
    if isinstance(params, int):
        assert y.shape[2:] == tuple(s * params for s in shape[2:])
    np.testing.assert_allclose(y, ref.numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("params, mode, shape", CASES)
def test_gradients(params, mode, shape):
    check_module_gradients(nn.UpSampling(params, mode).astype(np.float64),
                           np.random.default_rng(1).standard_normal((1,) + shape[1:]))


def test_unknown_modes_fall_back_to_nearest():
    assert nn.UpSampling(2, "bicubic").mode == "nearest"


def test_errors():
    with pytest.raises(ValueError, match="nearest neighbour upsampling requires a scale_factor"):
        nn.UpSampling({"owidth": 3, "oheight": 3})
    with pytest.raises(ValueError, match="owidth, oheight"):
        nn.UpSampling({"owidth": 3}, "linear")
    with pytest.raises(ValueError, match="no output depth"):
        nn.UpSampling({"owidth": 3, "oheight": 3}, "linear").forward(np.zeros((1, 1, 2, 2, 2), np.float32))
    with pytest.raises(ValueError, match=r"UpSampling.*expected an input \(N, C, H, W\) or \(N, C, D, H, W\)"):
        nn.UpSampling(2).forward(np.zeros((1, 2, 2), np.float32))
