"""Depth-wise convolution kernels against numpy windows (padding, strides, multipliers, strided weights)."""
import numpy as np
import pytest

from nnlib.kernels import spatial_depthwise_convolution as K

# (N, C, M, H, W, kH, kW, dH, dW, padH, padW)
SHAPES = [(1, 1, 1, 5, 4, 3, 2, 1, 1, 0, 0),
          (2, 3, 2, 7, 6, 3, 3, 2, 1, 1, 0),
          (1, 2, 3, 6, 7, 2, 3, 1, 2, 0, 2),
          (3, 2, 1, 4, 4, 4, 4, 3, 3, 1, 1)]


def windows(x, kH, kW, dH, dW, padH, padW):
    xp = np.pad(x, ((0, 0), (0, 0), (padH, padH), (padW, padW)))
    return np.lib.stride_tricks.sliding_window_view(xp, (kH, kW), axis=(2, 3))[:, :, ::dH, ::dW]


@pytest.mark.parametrize("shape", SHAPES)
def test_passes(shape, threads):
    n, C, M, H, W, kH, kW, dH, dW, padH, padW = shape
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, C, H, W))
    w = rng.standard_normal((M, C, kH, kW)).transpose(1, 0, 2, 3)  # a strided (C, M, kH, kW) view, as modules pass
    b = rng.standard_normal((M, C)).T
    win = windows(x, kH, kW, dH, dW, padH, padW)  # (N, C, oH, oW, kH, kW)
    oH, oW = win.shape[2], win.shape[3]
    out = np.full((n, C, M, oH, oW), np.nan)
    K.spatial_depthwise_convolution_update_output(x, w, b, dW, dH, padW, padH, out)
    np.testing.assert_allclose(out, np.einsum("ncyxij,cmij->ncmyx", win, w) + b[None, :, :, None, None],
                               rtol=1e-12, atol=1e-12)
    gy = rng.standard_normal(out.shape)
    gx = np.full(x.shape, np.nan)
    K.spatial_depthwise_convolution_update_grad_input(gy, w, dW, dH, padW, padH, gx)
    gp = np.zeros((n, C, H + 2 * padH, W + 2 * padW))
    contrib = np.einsum("ncmyx,cmij->ncyxij", gy, w)
    for i in range(kH):
        for j in range(kW):
            gp[:, :, i:i + (oH - 1) * dH + 1:dH, j:j + (oW - 1) * dW + 1:dW] += contrib[..., i, j]
    np.testing.assert_allclose(gx, gp[:, :, padH:padH + H, padW:padW + W], rtol=1e-12, atol=1e-12)
    gw, gb = np.ones((C, M, kH, kW)), np.ones((C, M))
    K.spatial_depthwise_convolution_acc_grad_parameters(x, gy, dW, dH, padW, padH, gw, gb, 0.5)
    np.testing.assert_allclose(gw, 1 + 0.5 * np.einsum("ncyxij,ncmyx->cmij", win, gy), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gb, 1 + 0.5 * gy.sum(axis=(0, 3, 4)), rtol=1e-12, atol=1e-12)
