"""Per-feature 1-D convolution kernels against numpy, in both layouts and with a broadcast (tied) weight."""
import numpy as np
import pytest

from nnlib.kernels import temporal_row_convolution as K

# (N, F, T, kW, dW)
SHAPES = [(1, 3, 7, 3, 1), (2, 2, 11, 3, 2), (3, 1, 9, 2, 4), (1, 4, 5, 1, 1)]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("layout", ["feat_first", "batch_first_view", "tied"])
def test_passes(shape, layout, threads):
    n, F, T, kW, dW = shape
    rng = np.random.default_rng(0)
    if layout == "batch_first_view":
        x = rng.standard_normal((n, T, F)).transpose(0, 2, 1)
    else:
        x = rng.standard_normal((n, F, T))
    w = np.broadcast_to(rng.standard_normal((F, 1)), (F, kW)) if layout == "tied" else rng.standard_normal((F, kW))
    b = rng.standard_normal(F)
    oT = (T - kW) // dW + 1
    win = np.lib.stride_tricks.sliding_window_view(x, kW, axis=2)[:, :, ::dW]  # (N, F, oT, kW)
    out = np.full((n, F, oT), np.nan)
    K.temporal_row_convolution_update_output(x, w, b, dW, out)
    np.testing.assert_allclose(out, b[:, None] + np.einsum("nftk,fk->nft", win, w), rtol=1e-12, atol=1e-12)
    gy = rng.standard_normal(out.shape)
    gx = np.full(x.shape, np.nan)
    K.temporal_row_convolution_update_grad_input(gy, w, dW, gx)
    ref = np.zeros(x.shape)
    for t in range(oT):
        ref[:, :, t * dW:t * dW + kW] += gy[:, :, t, None] * w
    np.testing.assert_allclose(gx, ref, rtol=1e-12, atol=1e-12)
    gw, gb = np.ones((F, kW)), np.ones(F)
    K.temporal_row_convolution_acc_grad_parameters(x, gy, dW, gw, gb, 2.0)
    np.testing.assert_allclose(gw, 1 + 2 * np.einsum("nftk,nft->fk", win, gy), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gb, 1 + 2 * gy.sum(axis=(0, 2)), rtol=1e-12, atol=1e-12)
