"""SpatialDepthWiseConvolution: PyTorch's conv2d with groups = n_in, gradients, init and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

CASES = [((3, 2, 3, 2, 2, 1, 1, 0), (1, 3, 7, 6)),   # batch 1, stride W, padding W
         ((2, 1, 2, 3, 1, 2, 0, 1), (2, 2, 6, 5)),   # multiplier 1, stride H, padding H
         ((1, 3, 3, 3, 2, 2, 1), (1, 1, 5, 5))]      # padH defaults to padW


@pytest.mark.parametrize("args, shape", CASES)
def test_forward_matches_torch(args, shape):
    torch = pytest.importorskip("torch")
    m = nn.SpatialDepthWiseConvolution(*args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    c, mult = m.n_in, m.n_out
    w = m.weight.transpose(1, 0, 2, 3).reshape(c * mult, 1, m.kH, m.kW)  # output plane c*M + m
    ref = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(np.ascontiguousarray(w)),
                                     torch.from_numpy(np.ascontiguousarray(m.bias.T).reshape(-1)),
                                     stride=(m.dH, m.dW), padding=(m.padH, m.padW), groups=c).numpy()
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("args, shape", CASES)
def test_gradients(args, shape):
    m = nn.SpatialDepthWiseConvolution(*args).astype(np.float64)
    x = np.random.default_rng(1).standard_normal(shape)
    check_module_gradients(m, x)
    check_module_gradients(m, x[0])


def test_init_and_errors():
    m = nn.SpatialDepthWiseConvolution(3, 2, 3, 3)
    assert m.weight.shape == (2, 3, 3, 3) and m.bias.shape == (2, 3)
    bound = 1 / np.sqrt(3 * 3 * 3)
    assert 0.7 * bound < np.abs(m.weight).max() <= bound and np.abs(m.bias).max() <= bound
    assert m.forward(np.zeros((3, 4, 5), np.float32)).shape == (6, 2, 3)
    with pytest.raises(ValueError, match=r"SpatialDepthWiseConvolution.*2 channels.*expected 3.*\(N, 3, H, W\)"):
        m.forward(np.zeros((1, 2, 5, 5), np.float32))
    with pytest.raises(ValueError, match="SpatialDepthWiseConvolution: planes, kernel sizes"):
        nn.SpatialDepthWiseConvolution(3, 0, 3, 3)
