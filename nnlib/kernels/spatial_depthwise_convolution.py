"""Depth-wise 2-D convolution by direct numba loops (SpatialDepthWiseConvolution; SpatialSubSampling is its
tied-kernel case).

Input plane c makes M output planes, each with its own kH x kW kernel w[c, m]
and bias b[c, m]; the output (N, C, M, oH, oW) is Torch7's (N, C*M, oH, oW)
with plane c*M + m. With zero padding (padH, padW) and strides (dH, dW):

    out[n, c, m, y, x] = b[c, m] + sum_ij w[c, m, i, j] * x[n, c, y*dH - padH + i, x*dW - padW + j]

A per-plane GEMM would be one row tall, so the loops are direct. Weights
and biases may be any strided views (Torch7's (M, C, ...) layouts pass
transposed; SpatialSubSampling passes one value per plane broadcast over
the kernel). Forward runs in parallel over (image, plane, m), grad-input
over (image, plane), the parameter gradients over (plane, m); each output
value is written by one thread, in a fixed order.
"""
from . import spatial_convolution as K
from ._config import pjit, prange, zero_of


@pjit
def spatial_depthwise_convolution_update_output(x, weight, bias, dW, dH, padW, padH, out):
    """out (N, C, M, oH, oW) from x (N, C, H, W), weight (C, M, kH, kW), bias (C, M)."""
    n_img, C, M, oH, oW = out.shape
    H, W = x.shape[2], x.shape[3]
    kH, kW = weight.shape[2], weight.shape[3]
    for r in prange(n_img * C * M):
        n = r // (C * M)
        c = (r // M) % C
        m = r % M
        plane = out[n, c, m]
        b = bias[c, m]
        for y in range(oH):
            for xx in range(oW):
                plane[y, xx] = b
        for i in range(kH):
            y_lo, y_hi = K._valid_range(oH, i, dH, padH, H)
            for j in range(kW):
                x_lo, x_hi = K._valid_range(oW, j, dW, padW, W)
                w = weight[c, m, i, j]
                for y in range(y_lo, y_hi):
                    src = x[n, c, y * dH - padH + i]
                    for xx in range(x_lo, x_hi):
                        plane[y, xx] += w * src[xx * dW - padW + j]


@pjit
def spatial_depthwise_convolution_update_grad_input(grad_output, weight, dW, dH, padW, padH, grad_input):
    """grad_input (N, C, H, W) = the adjoint of the forward pass applied to grad_output (N, C, M, oH, oW)."""
    n_img, C, M, oH, oW = grad_output.shape
    H, W = grad_input.shape[2], grad_input.shape[3]
    kH, kW = weight.shape[2], weight.shape[3]
    for r in prange(n_img * C):
        n = r // C
        c = r % C
        g = grad_input[n, c]
        for p in range(H):
            for q in range(W):
                g[p, q] = 0.0
        for m in range(M):
            gy = grad_output[n, c, m]
            for i in range(kH):
                y_lo, y_hi = K._valid_range(oH, i, dH, padH, H)
                for j in range(kW):
                    x_lo, x_hi = K._valid_range(oW, j, dW, padW, W)
                    w = weight[c, m, i, j]
                    for y in range(y_lo, y_hi):
                        dst = g[y * dH - padH + i]
                        for xx in range(x_lo, x_hi):
                            dst[xx * dW - padW + j] += w * gy[y, xx]


@pjit
def spatial_depthwise_convolution_acc_grad_parameters(x, grad_output, dW, dH, padW, padH, grad_weight, grad_bias,
                                                      scale):
    """grad_weight (C, M, kH, kW) += scale * correlation of x with grad_output; grad_bias (C, M) += scale * sums."""
    n_img, C, M, oH, oW = grad_output.shape
    H, W = x.shape[2], x.shape[3]
    kH, kW = grad_weight.shape[2], grad_weight.shape[3]
    for r in prange(C * M):
        c = r // M
        m = r % M
        for i in range(kH):
            y_lo, y_hi = K._valid_range(oH, i, dH, padH, H)
            for j in range(kW):
                x_lo, x_hi = K._valid_range(oW, j, dW, padW, W)
                s = zero_of(grad_weight)
                for n in range(n_img):
                    gy = grad_output[n, c, m]
                    for y in range(y_lo, y_hi):
                        src = x[n, c, y * dH - padH + i]
                        for xx in range(x_lo, x_hi):
                            s += gy[y, xx] * src[xx * dW - padW + j]
                grad_weight[c, m, i, j] += scale * s
        s = zero_of(grad_bias)
        for n in range(n_img):
            gy = grad_output[n, c, m]
            for y in range(oH):
                for xx in range(oW):
                    s += gy[y, xx]
        grad_bias[c, m] += scale * s
