"""SpatialConvolutionLocal: a numpy reference with untied kernels, gradients, init and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

CASES = [((3, 2, 6, 7, 3, 2, 2, 1, 1, 0), (1, 3, 7, 6)),   # batch 1, stride W, padding W
         ((2, 3, 5, 4, 2, 2, 1, 2, 0, 1), (2, 2, 4, 5)),   # stride H, padding H
         ((1, 2, 3, 3, 3, 3, 1, 1, 1), (1, 1, 3, 3))]      # padH defaults to padW


def reference(m, x):
    xp = np.pad(x, ((0, 0), (0, 0), (m.padH, m.padH), (m.padW, m.padW)))
    win = np.lib.stride_tricks.sliding_window_view(xp, (m.kH, m.kW), axis=(2, 3))[:, :, ::m.dH, ::m.dW]
    return np.einsum("ncyxij,yxocij->noyx", win, m.weight) + m.bias[None]


@pytest.mark.parametrize("args, shape", CASES)
def test_forward_and_gradients(args, shape):
    m = nn.SpatialConvolutionLocal(*args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    np.testing.assert_allclose(m.forward(x), reference(m, x), rtol=1e-12, atol=1e-12)
    check_module_gradients(m, x)


def test_shapes_init_and_errors():
    m = nn.SpatialConvolutionLocal(2, 3, 5, 4, 3, 3)
    assert (m.oH, m.oW) == (2, 3)
    assert m.weight.shape == (2, 3, 3, 2, 3, 3) and m.bias.shape == (3, 2, 3)
    bound = 1 / np.sqrt(3 * 3 * 2)
    assert 0.7 * bound < np.abs(m.weight).max() <= bound and np.abs(m.bias).max() <= bound
    x = np.random.default_rng(1).standard_normal((2, 4, 5)).astype(np.float32)
    batched = m.forward(x[None]).copy()
    np.testing.assert_array_equal(m.forward(x), batched[0])
    with pytest.raises(ValueError, match=r"SpatialConvolutionLocal.*planes 5x5.*expected 4x5.*\(N, 2, 4, 5\)"):
        m.forward(np.zeros((1, 2, 5, 5), np.float32))
    with pytest.raises(ValueError, match="SpatialConvolutionLocal: illegal configuration"):
        nn.SpatialConvolutionLocal(2, 3, 2, 2, 3, 3)
