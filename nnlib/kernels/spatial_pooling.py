"""Max and average pooling over NCHW images, parallel over (image, channel) planes.

Each plane is handled by one thread in both passes; the backward passes add
overlapping windows' contributions in a fixed serial order within the plane,
so results are deterministic.
"""
import math

import numpy as np

from ._config import jit, pjit, prange


def pooled_size(size, k, stride, pad, ceil_mode):
    """Torch7's pooling output length along one axis.

    In ceil mode the last window may run past the end, but it must start
    inside the (left-padded) input: THNN's rule, applied also without padding
    (as PyTorch does) so that no window is empty.
    """
    span = size + 2 * pad - k
    n = (math.ceil(span / stride) if ceil_mode else span // stride) + 1
    if ceil_mode and (n - 1) * stride >= size + pad:
        n -= 1
    return n


# Hot loops index flat arrays with uint64 offsets: numba then drops the
# negative-index wraparound check, which slows prange bodies severalfold.
_U = np.uint64


@jit
def _wins(v, best):
    """Whether v replaces the running maximum `best`: larger, or NaN (a NaN wins its window, as in Torch)."""
    return (v > best) | (v != v)


@pjit
def spatial_max_pooling_update_output(x, kW, kH, dW, dH, padW, padH, out, indices):
    """out = window maxima; indices = flat position (ih*W + iw) of each maximum in its plane.

    Separable: for each output row, a maximum down the kH input rows for every
    column (contiguous, vectorised), then across kW of those column maxima.
    Comparisons are branch-free selects (random data mispredicted most
    branches; measured 3-4x faster than the direct window scan). The first
    maximum down a column, then the first across, wins a tie. All arrays
    C-contiguous.

    Overlapping 3/2 pooling (the seed CNN's, AlexNet's, GoogLeNet's) has its
    own straight-line passes, down three whole rows and across windows at a
    literal stride of 2, which LLVM vectorises: 2.5x faster on the seed CNN's
    first pooling. They pick the same maxima as the general loops.
    """
    n_img, n_ch, H, W = x.shape
    oH, oW = out.shape[2], out.shape[3]
    xf = x.reshape(-1)
    of = out.reshape(-1)
    idx = indices.reshape(-1)
    col_max = np.empty((n_img * n_ch, W), x.dtype)
    col_row = np.empty((n_img * n_ch, W), np.int64)
    across_3_by_2 = kW == 3 and dW == 2 and padW == 0 and 2 * oW + 1 <= W
    for t in prange(n_img * n_ch):
        vmax = col_max[t]
        vrow = col_row[t]
        src = _U(t * H * W)
        dst = _U(t * oH * oW)
        for oh in range(oH):
            h0 = oh * dH - padH
            h1 = min(h0 + kH, H)
            h0 = max(h0, 0)
            first = src + _U(h0 * W)
            if kH == 3 and h1 - h0 == 3:
                second = first + _U(W)
                third = second + _U(W)
                for w in range(_U(W)):
                    a = xf[first + w]
                    b = xf[second + w]
                    c = xf[third + w]
                    b_wins = _wins(b, a)
                    best = b if b_wins else a
                    row = h0 + 1 if b_wins else h0
                    c_wins = _wins(c, best)
                    vmax[w] = c if c_wins else best
                    vrow[w] = h0 + 2 if c_wins else row
            else:
                for w in range(W):
                    vmax[w] = xf[first + _U(w)]
                    vrow[w] = h0
                for ih in range(h0 + 1, h1):
                    row = src + _U(ih * W)
                    for w in range(W):
                        v = xf[row + _U(w)]
                        b = vmax[w]
                        take = _wins(v, b)
                        vmax[w] = v if take else b
                        vrow[w] = ih if take else vrow[w]
            if across_3_by_2:
                for ow in range(oW):
                    a = vmax[2 * ow]
                    b = vmax[2 * ow + 1]
                    c = vmax[2 * ow + 2]
                    b_wins = _wins(b, a)
                    best = b if b_wins else a
                    col = 2 * ow + 1 if b_wins else 2 * ow
                    c_wins = _wins(c, best)
                    best = c if c_wins else best
                    col = 2 * ow + 2 if c_wins else col
                    of[dst + _U(ow)] = best
                    idx[dst + _U(ow)] = vrow[col] * W + col
                dst += _U(oW)
                continue
            for ow in range(oW):
                w0 = ow * dW - padW
                w1 = min(w0 + kW, W)
                w0 = max(w0, 0)
                best = vmax[w0]
                arg = w0
                for iw in range(w0 + 1, w1):
                    v = vmax[iw]
                    take = _wins(v, best)
                    best = v if take else best
                    arg = iw if take else arg
                of[dst] = best
                idx[dst] = vrow[arg] * W + arg
                dst += _U(1)


@pjit
def spatial_max_pooling_update_grad_input(grad_output, indices, grad_input):
    """Route each output gradient to the input position that won the max (C-contiguous arrays)."""
    n_img, n_ch, H, W = grad_input.shape
    plane_out = grad_output.shape[2] * grad_output.shape[3]
    gy = grad_output.reshape(-1)
    idx = indices.reshape(-1)
    gx = grad_input.reshape(-1)
    for t in prange(n_img * n_ch):
        src = _U(t * H * W)
        for q in range(_U(H * W)):
            gx[src + q] = 0.0
        for q in range(_U(t * plane_out), _U((t + 1) * plane_out)):
            gx[src + _U(idx[q])] += gy[q]


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
