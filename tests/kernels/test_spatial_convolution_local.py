"""Locally connected layer kernels against numpy windows (padding, strides, odd sizes)."""
import numpy as np
import pytest

from nnlib.kernels import spatial_convolution_local as K

# (N, C, O, H, W, kH, kW, dH, dW, padH, padW)
SHAPES = [(1, 1, 1, 5, 4, 3, 2, 1, 1, 0, 0),
          (2, 3, 2, 7, 6, 3, 3, 2, 1, 1, 0),
          (1, 2, 3, 6, 7, 2, 3, 1, 2, 0, 2)]


@pytest.mark.parametrize("shape", SHAPES)
def test_passes(shape, threads):
    n, C, O, H, W, kH, kW, dH, dW, padH, padW = shape
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, C, H, W))
    xp = np.pad(x, ((0, 0), (0, 0), (padH, padH), (padW, padW)))
    win = np.lib.stride_tricks.sliding_window_view(xp, (kH, kW), axis=(2, 3))[:, :, ::dH, ::dW]
    oH, oW = win.shape[2], win.shape[3]
    w = rng.standard_normal((oH, oW, O, C, kH, kW))
    b = rng.standard_normal((O, oH, oW))
    out = np.full((n, O, oH, oW), np.nan)
    K.spatial_convolution_local_update_output(x, w, b, dW, dH, padW, padH, out)
    np.testing.assert_allclose(out, np.einsum("ncyxij,yxocij->noyx", win, w) + b, rtol=1e-12, atol=1e-12)
    gy = rng.standard_normal(out.shape)
    gx = np.full(x.shape, np.nan)
    K.spatial_convolution_local_update_grad_input(gy, w, dW, dH, padW, padH, gx)
    gp = np.zeros(xp.shape)
    contrib = np.einsum("noyx,yxocij->ncyxij", gy, w)
    for i in range(kH):
        for j in range(kW):
            gp[:, :, i:i + (oH - 1) * dH + 1:dH, j:j + (oW - 1) * dW + 1:dW] += contrib[..., i, j]
    np.testing.assert_allclose(gx, gp[:, :, padH:padH + H, padW:padW + W], rtol=1e-12, atol=1e-12)
    gw, gb = np.ones(w.shape), np.ones(b.shape)
    K.spatial_convolution_local_acc_grad_parameters(x, gy, dW, dH, padW, padH, gw, gb, 0.5)
    np.testing.assert_allclose(gw, 1 + 0.5 * np.einsum("ncyxij,noyx->yxocij", win, gy), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gb, 1 + 0.5 * gy.sum(axis=0), rtol=1e-12, atol=1e-12)
