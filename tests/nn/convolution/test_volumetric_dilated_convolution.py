"""VolumetricDilatedConvolution: PyTorch's conv3d with dilation, and gradients."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

CASES = [
    ((2, 3, 2, 3, 2, 2, 1, 1, 1, 1, 0, 2, 1, 1), (1, 2, 5, 5, 4)),  # batch 1, dilation T, stride T, pads
    ((1, 2, 2, 2, 2, 1, 2, 1, 0, 1, 1, 1, 2, 3), (2, 1, 3, 7, 6)),  # dilations W and H, stride W
]


@pytest.mark.parametrize("args, shape", CASES)
def test_forward_matches_torch(args, shape):
    torch = pytest.importorskip("torch")
    m = nn.VolumetricDilatedConvolution(*args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    ref = torch.nn.functional.conv3d(torch.from_numpy(x), torch.from_numpy(m.weight), torch.from_numpy(m.bias),
                                     stride=(m.dT, m.dH, m.dW), padding=(m.padT, m.padH, m.padW),
                                     dilation=(m.dilationT, m.dilationH, m.dilationW)).numpy()
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("args, shape", CASES)
def test_gradients(args, shape):
    m = nn.VolumetricDilatedConvolution(*args).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(1).standard_normal(shape))


def test_is_a_volumetric_convolution_with_torch7_defaults():
    m = nn.VolumetricDilatedConvolution(2, 3, 3, 3, 3, 1, 1, 1, 1)
    assert isinstance(m, nn.VolumetricConvolution)
    assert (m.padW, m.padH, m.dilationT, m.dilationW, m.dilationH) == (1, 1, 1, 1, 1)
    with pytest.raises(ValueError, match=r"VolumetricDilatedConvolution.*too small.*W >= 7"):
        nn.VolumetricDilatedConvolution(1, 1, 1, 3, 1, dilationW=3).forward(np.zeros((1, 1, 2, 2, 6), np.float32))
