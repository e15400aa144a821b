"""Locally connected 2-D layer (Torch7's SpatialConvolutionLocal): a convolution whose kernels differ per
output position, by direct numba loops.

weight (oH, oW, O, C, kH, kW) and bias (O, oH, oW), Torch7's layouts; with
zero padding (padH, padW) and strides (dH, dW):

    out[n, o, y, x] = bias[o, y, x] + sum_cij weight[y, x, o, c, i, j] * x[n, c, y*dH - padH + i, x*dW - padW + j]

No weight is shared between positions, so there is no GEMM to batch: each
weight is used once per image. Forward runs in parallel over (image, output
plane), grad-input over (image, input plane), the parameter gradients over
output positions (each owns its weights and biases); every value is written
by one thread, in a fixed order.
"""
from ._config import pjit, prange, zero_of


@pjit
def spatial_convolution_local_update_output(x, weight, bias, dW, dH, padW, padH, out):
    """out (N, O, oH, oW) from x (N, C, H, W)."""
    n_img, n_out, oH, oW = out.shape
    C, H, W = x.shape[1], x.shape[2], x.shape[3]
    kH, kW = weight.shape[4], weight.shape[5]
    for r in prange(n_img * n_out):
        n = r // n_out
        o = r % n_out
        for y in range(oH):
            for xx in range(oW):
                w = weight[y, xx, o]
                s = bias[o, y, xx]
                for c in range(C):
                    for i in range(kH):
                        ih = y * dH - padH + i
                        if ih < 0 or ih >= H:
                            continue
                        for j in range(kW):
                            iw = xx * dW - padW + j
                            if 0 <= iw < W:
                                s += w[c, i, j] * x[n, c, ih, iw]
                out[n, o, y, xx] = s


@pjit
def spatial_convolution_local_update_grad_input(grad_output, weight, dW, dH, padW, padH, grad_input):
    """grad_input (N, C, H, W): the adjoint of the forward pass applied to grad_output (N, O, oH, oW)."""
    n_img, n_out, oH, oW = grad_output.shape
    C, H, W = grad_input.shape[1], grad_input.shape[2], grad_input.shape[3]
    kH, kW = weight.shape[4], weight.shape[5]
    for r in prange(n_img * C):
        n = r // C
        c = r % C
        g = grad_input[n, c]
        for p in range(H):
            for q in range(W):
                g[p, q] = 0.0
        for y in range(oH):
            for xx in range(oW):
                for o in range(n_out):
                    gy = grad_output[n, o, y, xx]
                    w = weight[y, xx, o, c]
                    for i in range(kH):
                        ih = y * dH - padH + i
                        if ih < 0 or ih >= H:
                            continue
                        for j in range(kW):
                            iw = xx * dW - padW + j
                            if 0 <= iw < W:
                                g[ih, iw] += w[i, j] * gy


@pjit
def spatial_convolution_local_acc_grad_parameters(x, grad_output, dW, dH, padW, padH, grad_weight, grad_bias, scale):
    """grad_weight (oH, oW, O, C, kH, kW) += scale * grad_output x input windows;
    grad_bias (O, oH, oW) += scale * sums of grad_output over images."""
    n_img, n_out, oH, oW = grad_output.shape
    C, H, W = x.shape[1], x.shape[2], x.shape[3]
    kH, kW = grad_weight.shape[4], grad_weight.shape[5]
    for p in prange(oH * oW):
        y = p // oW
        xx = p % oW
        for o in range(n_out):
            gw = grad_weight[y, xx, o]
            for c in range(C):
                for i in range(kH):
                    ih = y * dH - padH + i
                    if ih < 0 or ih >= H:
                        continue
                    for j in range(kW):
                        iw = xx * dW - padW + j
                        if iw < 0 or iw >= W:
                            continue
                        s = zero_of(grad_weight)
                        for n in range(n_img):
                            s += grad_output[n, o, y, xx] * x[n, c, ih, iw]
                        gw[c, i, j] += scale * s
            s = zero_of(grad_bias)
            for n in range(n_img):
                s += grad_output[n, o, y, xx]
            grad_bias[o, y, xx] += scale * s
