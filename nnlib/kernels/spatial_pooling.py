"""Max and average pooling over NCHW images, parallel over (image, channel) planes.

Each plane is handled by one thread in both passes; the backward passes add
overlapping windows' contributions in a fixed serial order within the plane,
so results are deterministic.
"""
import math

from ._config import pjit, prange


def pooled_size(size, k, stride, pad, ceil_mode):
    """Torch7's pooling output length along one axis.

    In ceil mode the last window may run past the end, but it must start
    inside the (left-padded) input, as in THNN.
    """
    span = size + 2 * pad - k
    n = (math.ceil(span / stride) if ceil_mode else span // stride) + 1
    if ceil_mode and pad and (n - 1) * stride >= size + pad:
        n -= 1
    return n


@pjit
def spatial_max_pooling_update_output(x, kW, kH, dW, dH, padW, padH, out, indices):
    """out = window maxima; indices = flat position (ih*W + iw) of each maximum in its plane.

    NaN wins, as in Torch, so a NaN input shows up in the output.
    """
    n_img, n_ch, H, W = x.shape
    oH, oW = out.shape[2], out.shape[3]
    for t in prange(n_img * n_ch):
        n = t // n_ch
        c = t % n_ch
        src = x[n, c]
        for oh in range(oH):
            h0 = oh * dH - padH
            h1 = min(h0 + kH, H)
            h0 = max(h0, 0)
            for ow in range(oW):
                w0 = ow * dW - padW
                w1 = min(w0 + kW, W)
                w0 = max(w0, 0)
                best = -math.inf
                arg = h0 * W + w0
                for ih in range(h0, h1):
                    for iw in range(w0, w1):
                        v = src[ih, iw]
                        if v > best or (math.isnan(v) and not math.isnan(best)):
                            best = v
                            arg = ih * W + iw
                out[n, c, oh, ow] = best
                indices[n, c, oh, ow] = arg


@pjit
def spatial_max_pooling_update_grad_input(grad_output, indices, grad_input):
    """Route each output gradient to the input position that won the max."""
    n_img, n_ch, H, W = grad_input.shape
    oH, oW = grad_output.shape[2], grad_output.shape[3]
    for t in prange(n_img * n_ch):
        n = t // n_ch
        c = t % n_ch
        gx = grad_input[n, c].reshape(H * W)
        gx[:] = 0.0
        for oh in range(oH):
            for ow in range(oW):
                gx[indices[n, c, oh, ow]] += grad_output[n, c, oh, ow]


@pjit
def spatial_average_pooling_update_output(x, kW, kH, dW, dH, padW, padH, count_include_pad, out):
    """out = window means; with count_include_pad the divisor counts padding cells (THNN's rule)."""
    n_img, n_ch, H, W = x.shape
    oH, oW = out.shape[2], out.shape[3]
    for t in prange(n_img * n_ch):
        n = t // n_ch
        c = t % n_ch
        src = x[n, c]
        for oh in range(oH):
            h0 = oh * dH - padH
            h1 = min(h0 + kH, H + padH)
            pool_h = h1 - h0
            h0 = max(h0, 0)
            h1 = min(h1, H)
            for ow in range(oW):
                w0 = ow * dW - padW
                w1 = min(w0 + kW, W + padW)
                pool_w = w1 - w0
                w0 = max(w0, 0)
                w1 = min(w1, W)
                s = 0.0
                for ih in range(h0, h1):
                    for iw in range(w0, w1):
                        s += src[ih, iw]
                count = pool_h * pool_w if count_include_pad else (h1 - h0) * (w1 - w0)
                out[n, c, oh, ow] = s / count if count > 0 else 0.0


@pjit
def spatial_average_pooling_update_grad_input(grad_output, kW, kH, dW, dH, padW, padH, count_include_pad,
                                              grad_input):
    """Spread each output gradient evenly over its window (the divisor of the forward pass)."""
    n_img, n_ch, H, W = grad_input.shape
    oH, oW = grad_output.shape[2], grad_output.shape[3]
    for t in prange(n_img * n_ch):
        n = t // n_ch
        c = t % n_ch
        gx = grad_input[n, c]
        gx[:, :] = 0.0
        for oh in range(oH):
            h0 = oh * dH - padH
            h1 = min(h0 + kH, H + padH)
            pool_h = h1 - h0
            h0 = max(h0, 0)
            h1 = min(h1, H)
            for ow in range(oW):
                w0 = ow * dW - padW
                w1 = min(w0 + kW, W + padW)
                pool_w = w1 - w0
                w0 = max(w0, 0)
                w1 = min(w1, W)
                count = pool_h * pool_w if count_include_pad else (h1 - h0) * (w1 - w0)
                if count <= 0:
                    continue
                g = grad_output[n, c, oh, ow] / count
                for ih in range(h0, h1):
                    for iw in range(w0, w1):
                        gx[ih, iw] += g
