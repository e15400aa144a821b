"""3-D convolution (NCDHW) with strides, zero padding and dilation, as vol2col + BLAS GEMMs, and its transpose.

One geometry serves every convolution that is not the seed CNN's plain 2-D
one: a 2-D image is a volume of depth 1 (kT = 1, dT = 1, padT = 0), so
SpatialDilatedConvolution, SpatialFullConvolution and the connection-table
convolutions run these kernels too. The columns of all volumes sit side by
side, `cols` is (C*kT*kH*kW, N*oT*oH*oW), and

    convolution   out   = W (O, C*k) @ cols + bias          (rows -> NCDHW by `spatial_convolution.rows_to_nchw`)
      grad input  gcols = W.T @ gy_rows ; col2vol -> grad_input
      grad weight gW   += (cols @ gy_rows.T).T ; gb += row sums of gy_rows

A full (transposed) convolution is the adjoint of a convolution: its forward
pass is a convolution's grad-input pass and its grad-input pass a
convolution's forward pass, with the weight (C_in, C_out*k):

    full forward     gcols = W.T @ x_rows ; col2vol -> out ; out += bias
      grad input     cols = vol2col(gy) ; gx = rows_to_nchw(W @ cols)
      grad weight    gW  += (cols @ x_rows.T).T ; gb += plane sums of gy

vol2col runs in parallel over rows of `cols`, col2vol over (volume, channel)
planes of its output (each summed by one thread in a fixed order), so results
never depend on thread timing. Geometry tuples are (T, H, W) ordered.
"""
import numpy as np

from . import spatial_convolution as K
from ._config import pjit, prange
from ._gemm import dot


def output_size(size, k, stride, pad, dilation=1):
    """Output length of a (dilated) convolution along one axis (may be < 1 for bad shapes)."""
    return (size + 2 * pad - dilation * (k - 1) - 1) // stride + 1


def full_output_size(size, k, stride, pad, dilation=1, adj=0):
    """Output length of a full (transposed) convolution along one axis."""
    return (size - 1) * stride - 2 * pad + dilation * (k - 1) + 1 + adj


@pjit
def vol2col(x, k, d, pad, dil, o, cols):
    """cols[((c*kT + a)*kH + i)*kW + j, n*P + (ot*oH + oh)*oW + ow] =
    x[n, c, ot*dT - padT + a*dilT, oh*dH - padH + i*dilH, ow*dW - padW + j*dilW] (0 outside), P = oT*oH*oW.

    `x` (N, C, T, H, W) and `cols` C-contiguous; k, d, pad, dil, o are (T, H, W) tuples.
    Each thread fills whole rows of `cols`.
    """
    n_img, n_ch, T, H, W = x.shape
    kT, kH, kW = k
    dT, dH, dW = d
    pT, pH, pW = pad
    lT, lH, lW = dil
    oT, oH, oW = o
    plane = oT * oH * oW
    for r in prange(n_ch * kT * kH * kW):
        c = r // (kT * kH * kW)
        a = (r // (kH * kW)) % kT
        i = (r // kW) % kH
        j = r % kW
        t_lo, t_hi = K._valid_range(oT, a * lT, dT, pT, T)
        h_lo, h_hi = K._valid_range(oH, i * lH, dH, pH, H)
        w_lo, w_hi = K._valid_range(oW, j * lW, dW, pW, W)
        row = cols[r]
        for n in range(n_img):
            base = n * plane
            for ot in range(oT):
                for oh in range(oH):
                    dst = base + (ot * oH + oh) * oW
                    if ot < t_lo or ot >= t_hi or oh < h_lo or oh >= h_hi:
                        for ow in range(oW):
                            row[dst + ow] = 0.0
                        continue
                    src = x[n, c, ot * dT - pT + a * lT, oh * dH - pH + i * lH]
                    for ow in range(w_lo):
                        row[dst + ow] = 0.0
                    for ow in range(w_lo, w_hi):
                        row[dst + ow] = src[ow * dW - pW + j * lW]
                    for ow in range(w_hi, oW):
                        row[dst + ow] = 0.0


@pjit
def col2vol(cols, k, d, pad, dil, o, grad_input):
    """The adjoint of vol2col: sum each column entry back into its input voxel (C-contiguous arrays).

    Each (volume, channel) plane of `grad_input` (N, C, T, H, W) is owned by
    one thread and summed in a fixed order.
    """
    n_img, n_ch, T, H, W = grad_input.shape
    kT, kH, kW = k
    dT, dH, dW = d
    pT, pH, pW = pad
    lT, lH, lW = dil
    oT, oH, oW = o
    plane = oT * oH * oW
    for t in prange(n_img * n_ch):
        n = t // n_ch
        c = t % n_ch
        g = grad_input[n, c]
        for p in range(T):
            for q in range(H):
                for s in range(W):
                    g[p, q, s] = 0.0
        for a in range(kT):
            t_lo, t_hi = K._valid_range(oT, a * lT, dT, pT, T)
            for i in range(kH):
                h_lo, h_hi = K._valid_range(oH, i * lH, dH, pH, H)
                for j in range(kW):
                    w_lo, w_hi = K._valid_range(oW, j * lW, dW, pW, W)
                    row = cols[((c * kT + a) * kH + i) * kW + j]
                    for ot in range(t_lo, t_hi):
                        for oh in range(h_lo, h_hi):
                            src = n * plane + (ot * oH + oh) * oW
                            dst = g[ot * dT - pT + a * lT, oh * dH - pH + i * lH]
                            for ow in range(w_lo, w_hi):
                                dst[ow * dW - pW + j * lW] += row[src + ow]


@pjit
def _add_plane_bias(out, bias):
    """out[n, o] += bias[o] for an (N, O, P) C-contiguous array, parallel over (image, channel)."""
    n_img, n_out, plane = out.shape
    for t in prange(n_img * n_out):
        n = t // n_out
        o = t % n_out
        b = bias[o]
        for p in range(plane):
            out[n, o, p] += b


def _planes(a):
    """An (N, C, T, H, W) C-contiguous array as the (N, C, T*H*W, 1) view the row transposes take."""
    return a.reshape(a.shape[0], a.shape[1], -1, 1)


def _out_geometry(a):
    return a.shape[2], a.shape[3], a.shape[4]


def volumetric_convolution_update_output(x, weight, bias, k, d, pad, dil, cols, tmp, out):
    """out = conv(x, weight) + bias.

    `x` (N, C, T, H, W) C-contiguous; `weight` (O, C*kT*kH*kW); `cols`
    (C*kT*kH*kW, N*P) receives x's columns (kept for acc_grad_parameters);
    `tmp` (O, N*P) scratch; `out` (N, O, oT, oH, oW), P = oT*oH*oW.
    """
    vol2col(x, k, d, pad, dil, _out_geometry(out), cols)
    dot(weight, cols, tmp)
    K.rows_to_nchw(tmp, bias, _planes(out))


def grad_output_rows(grad_output, rows):
    """grad_output (N, O, oT, oH, oW) reordered into `rows` (O, N*P), which is returned."""
    K.nchw_to_rows(_planes(np.ascontiguousarray(grad_output)), rows)
    return rows


def volumetric_convolution_update_grad_input(gy_rows, weight, k, d, pad, dil, o, gcols, grad_input):
    """grad_input = col2vol(weight.T @ gy_rows); `gy_rows` from `grad_output_rows`, `o` the output (oT, oH, oW)."""
    dot(weight.T, gy_rows, gcols)
    col2vol(gcols, k, d, pad, dil, o, grad_input)


def volumetric_convolution_acc_grad_parameters(cols, gy_rows, grad_weight, grad_bias, scale, grad_weight_t):
    """grad_weight (O, C*k) += scale * gy_rows @ cols.T (formed transposed in `grad_weight_t` (C*k, O));
    grad_bias += scale * row sums of gy_rows (None: no bias)."""
    dot(cols, gy_rows.T, grad_weight_t, alpha=scale)
    K._add_transposed(grad_weight_t, grad_weight)
    if grad_bias is not None:
        K._acc_row_sums(gy_rows, grad_bias, grad_bias.dtype.type(scale))


def input_rows(x, rows):
    """x (N, C, T, H, W) reordered into `rows` (C, N*T*H*W), which is returned."""
    K.nchw_to_rows(_planes(np.ascontiguousarray(x)), rows)
    return rows


def volumetric_full_convolution_update_output(x_rows, weight, bias, k, d, pad, dil, in_geometry, gcols, out):
    """out = the transpose of a convolution applied to x, + bias.

    `x_rows` (C_in, N*P_in) from `input_rows`, P_in = iT*iH*iW with
    `in_geometry` = (iT, iH, iW); `weight` (C_in, C_out*kT*kH*kW); `gcols`
    (C_out*k, N*P_in) scratch; `out` (N, C_out, T, H, W), the size whose
    convolution with these settings has (iT, iH, iW) positions.
    """
    dot(weight.T, x_rows, gcols)
    col2vol(gcols, k, d, pad, dil, in_geometry, out)
    if bias is not None:
        _add_plane_bias(out.reshape(out.shape[0], out.shape[1], -1), bias)


def volumetric_full_convolution_update_grad_input(gy, weight, k, d, pad, dil, cols, tmp, zero_bias, grad_input):
    """grad_input = weight @ vol2col(gy); `cols` (C_out*k, N*P_in) receives gy's columns (reusable by
    acc_grad_parameters), `tmp` (C_in, N*P_in) scratch, `zero_bias` (C_in,) zeros, `grad_input`
    (N, C_in, iT, iH, iW)."""
    vol2col(np.ascontiguousarray(gy), k, d, pad, dil, _out_geometry(grad_input), cols)
    dot(weight, cols, tmp)
    K.rows_to_nchw(tmp, zero_bias, _planes(grad_input))


def volumetric_full_convolution_acc_grad_parameters(x_rows, gy_cols, gy, grad_weight, grad_bias, scale,
                                                    grad_weight_t):
    """grad_weight (C_in, C_out*k) += scale * x_rows @ gy_cols.T (formed transposed in `grad_weight_t`);
    grad_bias += scale * sums of gy (N, C_out, T, H, W) per channel (None: no bias)."""
    dot(gy_cols, x_rows.T, grad_weight_t, alpha=scale)
    K._add_transposed(grad_weight_t, grad_weight)
    if grad_bias is not None:
        K._acc_plane_sums(_planes(np.ascontiguousarray(gy)), grad_bias, grad_bias.dtype.type(scale))
