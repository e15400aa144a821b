"""SpatialConvolutionMM: SpatialConvolution's passes under Torch7's other name, 2-D weights accepted."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("args, shape", [
    ((2, 3, 3, 2, 2, 1, 1), (1, 2, 5, 6)),   # batch 1, stride W, padding
    ((3, 2, 1, 3, 1, 2, 0, 1), (2, 3, 7, 4)),
])
def test_forward_matches_torch_and_gradients(args, shape):
    torch = pytest.importorskip("torch")
    m = nn.SpatialConvolutionMM(*args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    ref = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(m.weight), torch.from_numpy(m.bias),
                                     stride=(m.dH, m.dW), padding=(m.padH, m.padW)).numpy()
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-12, atol=1e-12)
    check_module_gradients(m, x)


def test_same_computation_as_spatial_convolution():
    rng = np.random.default_rng(1)
    mm = nn.SpatialConvolutionMM(3, 4, 3, 3, 1, 1, 1)
    conv = nn.SpatialConvolution(3, 4, 3, 3, 1, 1, 1)
    conv.weight[...], conv.bias[...] = mm.weight, mm.bias
    assert isinstance(mm, nn.SpatialConvolution) and mm.weight.shape == (4, 3, 3, 3)
    x = rng.standard_normal((2, 3, 6, 5)).astype(np.float32)
    np.testing.assert_array_equal(mm.forward(x), conv.forward(x))
    gy = rng.standard_normal(mm.output.shape).astype(np.float32)
    np.testing.assert_array_equal(mm.backward(x, gy), conv.backward(x, gy))


def test_two_dimensional_weight_is_viewed_as_four_dimensional():
    m = nn.SpatialConvolutionMM(2, 3, 3, 2).astype(np.float64)
    four_d = m.weight.copy()
    m.weight = four_d.reshape(3, 12).copy()
    m.grad_weight = np.zeros((3, 12))
    x = np.random.default_rng(2).standard_normal((1, 2, 4, 5))
    y = m.forward(x)
    assert m.weight.shape == (3, 2, 2, 3) and m.grad_weight.shape == (3, 2, 2, 3)
    np.testing.assert_array_equal(m.weight, four_d)
    assert y.shape == (1, 3, 3, 3)
    m.weight = np.zeros((3, 11))
    with pytest.raises(ValueError, match=r"SpatialConvolutionMM.*\(n_out, n_in\*kH\*kW\) = \(3, 12\)"):
        m.forward(x)
