"""Convolution kernels (im2col, col2im, GEMM passes batched and per image) against a plain-numpy reference."""
import numpy as np
import pytest

from nnlib.kernels import spatial_convolution as K

# (N, C, H, W, O, kH, kW, dH, dW, padH, padW): batch 1, non-square, stride 2, padding 1, odd sizes
SHAPES = [(1, 1, 7, 5, 2, 3, 3, 1, 1, 0, 0),
          (2, 3, 9, 8, 4, 3, 2, 2, 1, 1, 0),
          (3, 2, 6, 11, 5, 4, 3, 1, 2, 1, 2),
          (1, 2, 5, 5, 3, 5, 5, 2, 2, 1, 1),
          (2, 2, 6, 21, 3, 3, 3, 1, 1, 0, 1),  # output rows 21 wide: three runs of 8, the last partly past the row
          (4, 2, 6, 7, 3, 3, 3, 1, 1, 1, 0)]  # 5-wide rows in runs of 8 across images, the last image exact


def reference_columns(x, kH, kW, dH, dW, padH, padW):
    """im2col by numpy windows: rows (c, i, j), columns (n, oh, ow)."""
    xp = np.pad(x, ((0, 0), (0, 0), (padH, padH), (padW, padW)))
    win = np.lib.stride_tricks.sliding_window_view(xp, (kH, kW), axis=(2, 3))[:, :, ::dH, ::dW]
    return win.transpose(1, 4, 5, 0, 2, 3).reshape(x.shape[1] * kH * kW, -1)


def reference_conv(x, w, b, dH, dW, padH, padW):
    """Direct convolution with numpy windows over a zero-padded input."""
    xp = np.pad(x, ((0, 0), (0, 0), (padH, padH), (padW, padW)))
    kH, kW = w.shape[2:]
    win = np.lib.stride_tricks.sliding_window_view(xp, (kH, kW), axis=(2, 3))[:, :, ::dH, ::dW]
    return np.einsum("nchwij,ocij->nohw", win, w) + b[None, :, None, None]


def reference_grads(x, w, gy, dH, dW, padH, padW):
    """Gradients of sum(conv(x) * gy) w.r.t. x and w, accumulated window by window."""
    N, C, H, W = x.shape
    kH, kW = w.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (padH, padH), (padW, padW)))
    gxp = np.zeros_like(xp)
    gw = np.zeros_like(w)
    for oh in range(gy.shape[2]):
        for ow in range(gy.shape[3]):
            hs, ws = oh * dH, ow * dW
            patch = xp[:, :, hs:hs + kH, ws:ws + kW]
            g = gy[:, :, oh, ow]
            gw += np.einsum("no,ncij->ocij", g, patch)
            gxp[:, :, hs:hs + kH, ws:ws + kW] += np.einsum("no,ocij->ncij", g, w)
    return gxp[:, :, padH:padH + H, padW:padW + W], gw, gy.sum(axis=(0, 2, 3))


def _setup(shape, dtype):
    N, C, H, W, O, kH, kW, dH, dW, padH, padW = shape
    rng = np.random.default_rng(sum(shape))
    x = rng.standard_normal((N, C, H, W)).astype(dtype)
    w = rng.standard_normal((O, C, kH, kW)).astype(dtype)
    b = rng.standard_normal(O).astype(dtype)
    oH, oW = K.output_size(H, kH, dH, padH), K.output_size(W, kW, dW, padW)
    return x, w, b, (oH, oW)


@pytest.fixture(params=["batched", "per_image"])
def gemm_layout(request):
    """Both ways of running the GEMMs: once over the batch (on rows), or image by image (on NCHW blocks)."""
    return request.param


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_forward_matches_reference(shape, dtype, gemm_layout, threads):
    N, C, H, W, O, kH, kW, dH, dW, padH, padW = shape
    x, w, b, (oH, oW) = _setup(shape, dtype)
    cols = np.empty((C * kH * kW, N * oH * oW), dtype)
    tmp = None if gemm_layout == "per_image" else np.empty((O, N * oH * oW), dtype)
    out = np.empty((N, O, oH, oW), dtype)
    K.spatial_convolution_update_output(x, w.reshape(O, -1), b, kW, kH, dW, dH, padW, padH, cols, tmp, out)
    tol = 1e-4 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(out, reference_conv(x, w, b, dH, dW, padH, padW), rtol=tol, atol=tol)


@pytest.mark.parametrize("shape", SHAPES)
def test_im2col_writes_every_column_entry(shape):
    """The runs of 8 that overshoot a row are covered by later writes; nothing outside cols is touched."""
    N, C, H, W, O, kH, kW, dH, dW, padH, padW = shape
    x, _, _, (oH, oW) = _setup(shape, np.float32)
    rows = C * kH * kW
    guarded = np.full((rows + 1, N * oH * oW), np.nan, np.float32)  # one guard row after cols
    K.im2col(x, kW, kH, dW, dH, padW, padH, oH, oW, guarded[:rows])
    np.testing.assert_array_equal(guarded[:rows], reference_columns(x, kH, kW, dH, dW, padH, padW))
    assert np.isnan(guarded[rows]).all()


@pytest.mark.parametrize("shape", SHAPES)
def test_col2im_sums_into_its_planes_only(shape):
    """col2im is im2col's adjoint: <im2col(x), g> == <x, col2im(g)>; the plane after grad_input stays unchanged."""
    N, C, H, W, O, kH, kW, dH, dW, padH, padW = shape
    x, _, _, (oH, oW) = _setup(shape, np.float64)
    g = np.random.default_rng(2).standard_normal((C * kH * kW, N * oH * oW))
    out = np.full((N * C + 1, H, W), 7.0)  # one guard plane after grad_input
    K.col2im(g, kW, kH, dW, dH, padW, padH, oH, oW, out[:N * C].reshape(N, C, H, W))
    assert (out[N * C] == 7.0).all()
    np.testing.assert_allclose(np.vdot(out[:N * C].ravel(), x.ravel()),
                               np.vdot(g, reference_columns(x, kH, kW, dH, dW, padH, padW)), rtol=1e-12)


@pytest.mark.parametrize("shape", SHAPES)
def test_backward_matches_reference(shape, gemm_layout, threads):
    N, C, H, W, O, kH, kW, dH, dW, padH, padW = shape
    x, w, b, (oH, oW) = _setup(shape, np.float64)
    gy = np.random.default_rng(1).standard_normal((N, O, oH, oW))
    cols = np.empty((C * kH * kW, N * oH * oW))
    K.im2col(x, kW, kH, dW, dH, padW, padH, oH, oW, cols)
    operand = K.grad_output_operand(gy, None if gemm_layout == "per_image" else np.empty((O, N * oH * oW)))
    assert operand.ndim == (4 if gemm_layout == "per_image" else 2)
    gx = np.full_like(x, np.nan)  # col2im must overwrite every element
    K.spatial_convolution_update_grad_input(operand, w.reshape(O, -1), kW, kH, dW, dH, padW, padH, oH, oW,
                                            np.full_like(cols, np.nan), gx)
    gw = np.ones_like(w)
    gb = np.ones_like(b)
    scratch = np.full(K.weight_gradient_scratch_shape(gemm_layout == "per_image", N, C * kH * kW, O), np.nan)
    K.spatial_convolution_acc_grad_parameters(cols, operand, gw.reshape(O, -1), gb, 0.5, scratch)
    ref_gx, ref_gw, ref_gb = reference_grads(x, w, gy, dH, dW, padH, padW)
    np.testing.assert_allclose(gx, ref_gx, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gw, 1 + 0.5 * ref_gw, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gb, 1 + 0.5 * ref_gb, rtol=1e-12, atol=1e-12)


def test_rows_round_trip():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 4, 2, 5)).astype(np.float32)
    rows = np.empty((4, 3 * 10), np.float32)
    K.nchw_to_rows(a, rows)
    np.testing.assert_array_equal(rows, a.transpose(1, 0, 2, 3).reshape(4, -1))
    back = np.empty_like(a)
    K.rows_to_nchw(rows, np.zeros(4, np.float32), back)
    np.testing.assert_array_equal(back, a)
