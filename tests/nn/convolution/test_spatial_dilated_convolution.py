"""SpatialDilatedConvolution: PyTorch's conv2d with dilation, gradients, init and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

CASES = [
    ((2, 3, 3, 2, 2, 1, 1, 0, 2, 1), (1, 2, 7, 8)),     # batch 1, stride W, pad W, dilation W
    ((3, 2, 2, 3, 1, 2, 0, 1, 1, 2), (2, 3, 9, 5)),     # stride H, pad H, dilation H
    ((1, 2, 3, 3, 2, 2, 1, None, 2, 2), (1, 1, 7, 7)),  # padH defaults to padW
]


@pytest.mark.parametrize("args, shape", CASES)
def test_forward_matches_torch(args, shape, per_volume):
    torch = pytest.importorskip("torch")
    m = nn.SpatialDilatedConvolution(*args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    padH = m.padW if args[7] is None else args[7]
    ref = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(m.weight), torch.from_numpy(m.bias),
                                     stride=(m.dH, m.dW), padding=(padH, m.padW),
                                     dilation=(m.dilationH, m.dilationW)).numpy()
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("args, shape", CASES)
def test_gradients(args, shape, per_volume):
    m = nn.SpatialDilatedConvolution(*args).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(1).standard_normal(shape))


def test_single_image_and_init():
    m = nn.SpatialDilatedConvolution(2, 4, 3, 3, 1, 1, 2, 2, 2, 2)
    assert m.weight.shape == (4, 2, 3, 3) and m.bias.shape == (4,)
    bound = 1 / np.sqrt(3 * 3 * 2)
    assert 0.8 * bound < np.abs(m.weight).max() <= bound and np.abs(m.bias).max() <= bound
    x = np.random.default_rng(0).standard_normal((2, 6, 5)).astype(np.float32)
    batched = m.forward(x[None]).copy()
    y = m.forward(x)
    assert y.shape == (4, 6, 5) and y.dtype == np.float32
    np.testing.assert_array_equal(y, batched[0])
    assert m.backward(x, np.ones_like(y)).shape == x.shape


def test_bad_input_names_module_and_shape():
    m = nn.SpatialDilatedConvolution(2, 3, 3, 3, 1, 1, 0, 0, 2, 2)
    with pytest.raises(ValueError, match=r"SpatialDilatedConvolution.*expected 2"):
        m.forward(np.zeros((1, 3, 9, 9), np.float32))
    with pytest.raises(ValueError, match=r"SpatialDilatedConvolution.*too small.*H >= 5"):
        m.forward(np.zeros((1, 2, 4, 9), np.float32))
    with pytest.raises(ValueError, match=r"\(N, 2, H, W\)"):
        m.forward(np.zeros((2, 9), np.float32))
    with pytest.raises(ValueError, match="dilationW=0"):
        nn.SpatialDilatedConvolution(2, 3, 3, 3, dilationW=0)
