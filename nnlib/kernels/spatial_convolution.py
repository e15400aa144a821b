"""2-D convolution (NCHW) as im2col + one BLAS GEMM over the whole batch.

The columns of all images sit side by side, `cols` is (C*kH*kW, N*oH*oW), so
each pass is a single large GEMM instead of N small ones:

    forward       tmp   = W (O, C*kH*kW) @ cols            -> out (N, O, oH, oW) + bias
    grad input    gcols = W.T @ gy_rows (O, N*oH*oW)       -> col2im -> grad_input
    grad weight   gW   += gy_rows @ cols.T ;  gb += sum of gy_rows over columns

Around the GEMMs, numba kernels reorder data in parallel: im2col over rows of
`cols`, col2im over (image, channel) planes (each plane summed by one thread,
so results never depend on thread timing), the NCHW <-> rows transposes over
(image, channel) or channel.
"""
import numpy as np

from ._config import pjit, prange


def output_size(size, k, stride, pad):
    """Output length of a convolution along one axis (may be < 1 for bad shapes)."""
    return (size + 2 * pad - k) // stride + 1


@pjit
def im2col(x, kW, kH, dW, dH, padW, padH, oH, oW, cols):
    """cols[(c*kH + i)*kW + j, n*oH*oW + oh*oW + ow] = x[n, c, oh*dH - padH + i, ow*dW - padW + j] (0 outside)."""
    n_img, n_ch, H, W = x.shape
    plane = oH * oW
    for r in prange(n_ch * kH * kW):
        c = r // (kH * kW)
        i = (r // kW) % kH
        j = r % kW
        for n in range(n_img):
            base = n * plane
            for oh in range(oH):
                ih = oh * dH - padH + i
                col = base + oh * oW
                if ih < 0 or ih >= H:
                    for ow in range(oW):
                        cols[r, col + ow] = 0.0
                elif dW == 1:
                    for ow in range(oW):
                        iw = ow - padW + j
                        cols[r, col + ow] = x[n, c, ih, iw] if 0 <= iw < W else 0.0
                else:
                    for ow in range(oW):
                        iw = ow * dW - padW + j
                        cols[r, col + ow] = x[n, c, ih, iw] if 0 <= iw < W else 0.0


@pjit
def col2im(cols, kW, kH, dW, dH, padW, padH, oH, oW, grad_input):
    """The adjoint of im2col: sum each column entry back into its input pixel."""
    n_img, n_ch, H, W = grad_input.shape
    plane = oH * oW
    for t in prange(n_img * n_ch):
        n = t // n_ch
        c = t % n_ch
        gx = grad_input[n, c]
        gx[:, :] = 0.0
        base = n * plane
        for i in range(kH):
            for j in range(kW):
                r = (c * kH + i) * kW + j
                for oh in range(oH):
                    ih = oh * dH - padH + i
                    if ih < 0 or ih >= H:
                        continue
                    col = base + oh * oW
                    for ow in range(oW):
                        iw = ow * dW - padW + j
                        if 0 <= iw < W:
                            gx[ih, iw] += cols[r, col + ow]


@pjit
def rows_to_nchw(rows, bias, out):
    """out[n, o, :, :] = rows[o, n*P:(n+1)*P] + bias[o], P = oH*oW."""
    n_img, n_out, oH, oW = out.shape
    plane = oH * oW
    for t in prange(n_img * n_out):
        n = t // n_out
        o = t % n_out
        b = bias[o]
        dst = out[n, o].reshape(plane)
        src = rows[o, n * plane:(n + 1) * plane]
        for p in range(plane):
            dst[p] = src[p] + b


@pjit
def nchw_to_rows(grad_output, rows):
    """rows[o, n*P + p] = grad_output[n, o] flattened: the transpose of rows_to_nchw."""
    n_img, n_out, oH, oW = grad_output.shape
    plane = oH * oW
    for t in prange(n_img * n_out):
        n = t // n_out
        o = t % n_out
        src = grad_output[n, o].reshape(plane)
        dst = rows[o, n * plane:(n + 1) * plane]
        for p in range(plane):
            dst[p] = src[p]


def spatial_convolution_update_output(x, weight, bias, kW, kH, dW, dH, padW, padH, cols, tmp, out):
    """out = conv(x, weight) + bias.

    `weight` is (O, C*kH*kW); `cols` (C*kH*kW, N*oH*oW) receives the columns of
    x (kept for acc_grad_parameters); `tmp` is (O, N*oH*oW) scratch; `out` is
    (N, O, oH, oW).
    """
    oH, oW = out.shape[2], out.shape[3]
    im2col(x, kW, kH, dW, dH, padW, padH, oH, oW, cols)
    np.dot(weight, cols, out=tmp)
    rows_to_nchw(tmp, bias, out)


def spatial_convolution_update_grad_input(gy_rows, weight, kW, kH, dW, dH, padW, padH, oH, oW, gcols, grad_input):
    """grad_input = col2im(weight.T @ gy_rows); `gy_rows` is grad_output as (O, N*oH*oW)."""
    np.dot(weight.T, gy_rows, out=gcols)
    col2im(gcols, kW, kH, dW, dH, padW, padH, oH, oW, grad_input)


def spatial_convolution_acc_grad_parameters(cols, gy_rows, grad_weight, grad_bias, scale, work):
    """grad_weight += scale * gy_rows @ cols.T; grad_bias += scale * row sums of gy_rows.

    `cols` are the columns saved by the forward pass; `work` is scratch shaped
    like `grad_weight` (O, C*kH*kW).
    """
    np.dot(gy_rows, cols.T, out=work)
    if scale != 1:
        work *= scale
    grad_weight += work
    gb = gy_rows.sum(axis=1)
    if scale != 1:
        gb *= scale
    grad_bias += gb
