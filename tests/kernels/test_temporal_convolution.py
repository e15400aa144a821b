"""unfold / fold and the TemporalConvolution passes against numpy references."""
import numpy as np
import pytest

from nnlib.kernels import temporal_convolution as K

# (N, T, F, O, kW, dW): batch 1, odd sizes, strides past and inside the window, a window of 1
SHAPES = [(1, 7, 3, 2, 3, 1), (2, 11, 2, 3, 3, 2), (3, 9, 1, 2, 2, 4), (1, 5, 4, 1, 1, 1)]


def reference_windows(x, kW, dW):
    win = np.lib.stride_tricks.sliding_window_view(x, kW, axis=1)[:, ::dW]  # (N, oT, F, kW)
    return win.transpose(0, 1, 3, 2).reshape(-1, kW * x.shape[2])


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_passes(shape, dtype, threads):
    n, T, F, O, kW, dW = shape
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, T, F)).astype(dtype)
    w = rng.standard_normal((O, kW * F)).astype(dtype)
    b = rng.standard_normal(O).astype(dtype)
    oT = K.output_length(T, kW, dW)
    cols = np.full((n * oT, kW * F), np.nan, dtype)
    out = np.full((n, oT, O), np.nan, dtype)
    K.temporal_convolution_update_output(x, w, b, kW, dW, cols, out)
    windows = reference_windows(x, kW, dW)
    tol = 1e-12 if dtype == np.float64 else 1e-5
    np.testing.assert_array_equal(cols, windows)
    np.testing.assert_allclose(out.reshape(-1, O), windows @ w.T + b, rtol=tol, atol=tol)
    gy = rng.standard_normal(out.shape).astype(dtype)
    gx = np.full(x.shape, np.nan, dtype)
    K.temporal_convolution_update_grad_input(gy, w, kW, dW, np.empty_like(cols), gx)
    ref_gx = np.zeros(x.shape)
    gcols = (gy.reshape(-1, O) @ w).reshape(n, oT, kW, F)
    for t in range(oT):
        ref_gx[:, t * dW:t * dW + kW] += gcols[:, t]
    np.testing.assert_allclose(gx, ref_gx, rtol=tol, atol=tol)
    gw, gb = np.ones_like(w), np.ones_like(b)
    K.temporal_convolution_acc_grad_parameters(cols, gy, gw, gb, 0.5,
                                               np.empty(K.weight_gradient_scratch_shape(n, O, kW * F), dtype))
    np.testing.assert_allclose(gw, 1 + 0.5 * gy.reshape(-1, O).T @ windows, rtol=tol, atol=tol)
    np.testing.assert_allclose(gb, 1 + 0.5 * gy.sum(axis=(0, 1)), rtol=tol, atol=tol)
