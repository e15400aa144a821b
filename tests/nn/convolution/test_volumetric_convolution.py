"""VolumetricConvolution: PyTorch's conv3d, gradients, init and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

CASES = [
    ((2, 3, 2, 3, 2, 2, 1, 1, 1, 1, 0), (1, 2, 5, 4, 6)),  # batch 1, stride T, pads T and W
    ((1, 2, 1, 2, 3, 1, 2, 1, 0, 0, 1), (2, 1, 3, 5, 5)),   # stride W, pad H
    ((2, 1, 3, 3, 3, 2, 2, 2, 1), (1, 2, 4, 3, 4)),         # padW, padH default to padT
]


def _pads(m):
    return (m.padT, m.padH, m.padW)


@pytest.mark.parametrize("args, shape", CASES)
def test_forward_matches_torch(args, shape, per_volume):
    torch = pytest.importorskip("torch")
    m = nn.VolumetricConvolution(*args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    ref = torch.nn.functional.conv3d(torch.from_numpy(x), torch.from_numpy(m.weight), torch.from_numpy(m.bias),
                                     stride=(m.dT, m.dH, m.dW), padding=_pads(m)).numpy()
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("args, shape", CASES)
def test_gradients(args, shape, per_volume):
    m = nn.VolumetricConvolution(*args).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(1).standard_normal(shape))


def test_padding_defaults_follow_torch7():
    m = nn.VolumetricConvolution(1, 1, 3, 3, 3, 1, 1, 1, 2)
    assert (m.padT, m.padW, m.padH) == (2, 2, 2)
    m = nn.VolumetricConvolution(1, 1, 3, 3, 3, 1, 1, 1, 2, 1)
    assert (m.padT, m.padW, m.padH) == (2, 1, 1)


def test_single_volume_and_init():
    m = nn.VolumetricConvolution(2, 4, 3, 2, 2)
    assert m.weight.shape == (4, 2, 3, 2, 2) and m.bias.shape == (4,)
    bound = 1 / np.sqrt(3 * 2 * 2 * 2)
    assert 0.8 * bound < np.abs(m.weight).max() <= bound and np.abs(m.bias).max() <= bound
    x = np.random.default_rng(0).standard_normal((2, 4, 3, 5)).astype(np.float32)
    batched = m.forward(x[None]).copy()
    y = m.forward(x)
    assert y.shape == (4, 2, 2, 4) and y.dtype == np.float32
    np.testing.assert_array_equal(y, batched[0])
    assert m.backward(x, np.ones_like(y)).shape == x.shape


def test_gradients_accumulate_with_scale():
    m = nn.VolumetricConvolution(2, 2, 2, 2, 2).astype(np.float64)
    x = np.random.default_rng(0).standard_normal((2, 2, 3, 3, 3))
    gy = np.ones(m.forward(x).shape)
    m.zero_grad_parameters()
    m.backward(x, gy)
    once = m.grad_weight.copy(), m.grad_bias.copy()
    m.acc_grad_parameters(x, gy, 0.5)
    np.testing.assert_allclose(m.grad_weight, 1.5 * once[0])
    np.testing.assert_allclose(m.grad_bias, 1.5 * once[1])


def test_bad_input_names_module_and_shape():
    m = nn.VolumetricConvolution(2, 3, 3, 3, 3)
    with pytest.raises(ValueError, match=r"VolumetricConvolution.*\(N, 2, T, H, W\)"):
        m.forward(np.zeros((1, 2, 5, 5), np.float32).reshape(2, 5, 5))
    with pytest.raises(ValueError, match=r"VolumetricConvolution.*too small.*T >= 3"):
        m.forward(np.zeros((1, 2, 2, 5, 5), np.float32))
    with pytest.raises(ValueError, match="grad_output shape"):
        m.forward(np.zeros((1, 2, 3, 3, 3), np.float32))
        m.backward(np.zeros((1, 2, 3, 3, 3), np.float32), np.zeros((1, 3, 2, 1, 1), np.float32))
    with pytest.raises(ValueError, match="VolumetricConvolution: kT=0 must be >= 1"):
        nn.VolumetricConvolution(2, 3, 0, 3, 3)
