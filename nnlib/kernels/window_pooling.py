"""Max and average pooling over arbitrary windows of (P, T, H, W) planes.

One family of kernels serves every pooling module whose windows are not the
plain 2-D ones of `spatial_pooling`: dilated, adaptive, fractional, volumetric,
temporal and feature (LP) pooling. Along each of the three axes an output
position `o` reads `count[o]` input positions starting at `first[o]`, spaced by
the axis' dilation; the first axis of each window array has 1 row (windows
shared by every plane) or P rows (per-plane windows, fractional pooling).
The modules compute these windows (all positions inside the input); a 2-D
op has T = 1 and a single window along T.

Each plane belongs to one prange iteration in both passes, and the backward
passes add overlapping windows' contributions in a fixed serial order within
the plane, so results do not depend on thread timing. Arrays are C-contiguous.
"""
from ._config import auto_parallel, prange, zero_of


@auto_parallel
def window_max_pooling_update_output(x, t_first, t_count, h_first, h_count, w_first, w_count,
                                     dil_t, dil_h, dil_w, out, indices):
    """out = window maxima of x (P, T, H, W); indices = flat position (t*H + h)*W + w of each maximum
    in its plane. A NaN wins its window (the first NaN), as in nnlib's SpatialMaxPooling."""
    n_planes, T, H, W = x.shape
    oT, oH, oW = out.shape[1], out.shape[2], out.shape[3]
    for p in prange(n_planes):
        pt = p % t_first.shape[0]
        ph = p % h_first.shape[0]
        pw = p % w_first.shape[0]
        for a in range(oT):
            t0 = t_first[pt, a]
            for b in range(oH):
                h0 = h_first[ph, b]
                for c in range(oW):
                    w0 = w_first[pw, c]
                    best = x[p, t0, h0, w0]
                    arg = (t0 * H + h0) * W + w0
                    for i in range(t_count[pt, a]):
                        t = t0 + i * dil_t
                        for j in range(h_count[ph, b]):
                            h = h0 + j * dil_h
                            for k in range(w_count[pw, c]):
                                w = w0 + k * dil_w
                                v = x[p, t, h, w]
                                if v > best or (v != v and best == best):
                                    best = v
                                    arg = (t * H + h) * W + w
                    out[p, a, b, c] = best
                    indices[p, a, b, c] = arg


@auto_parallel
def window_max_pooling_update_grad_input(grad_output, indices, grad_input):
    """grad_input (P, S) = 0, then each grad_output (P, Q) element added at its plane position indices (P, Q)."""
    n_planes, size = grad_input.shape
    for p in prange(n_planes):
        for s in range(size):
            grad_input[p, s] = 0
        for q in range(grad_output.shape[1]):
            grad_input[p, indices[p, q]] += grad_output[p, q]


@auto_parallel
def window_average_pooling_update_output(x, t_first, t_count, t_div, h_first, h_count, h_div,
                                         w_first, w_count, w_div, out):
    """out = window sums of x (P, T, H, W) divided by t_div * h_div * w_div (one divisor per axis and
    output position: window sizes, padding counted or not; 1 for plain sums). Dilation 1."""
    n_planes = x.shape[0]
    oT, oH, oW = out.shape[1], out.shape[2], out.shape[3]
    for p in prange(n_planes):
        pt = p % t_first.shape[0]
        ph = p % h_first.shape[0]
        pw = p % w_first.shape[0]
        for a in range(oT):
            t0 = t_first[pt, a]
            for b in range(oH):
                h0 = h_first[ph, b]
                for c in range(oW):
                    w0 = w_first[pw, c]
                    s = zero_of(x)
                    for t in range(t0, t0 + t_count[pt, a]):
                        for h in range(h0, h0 + h_count[ph, b]):
                            for w in range(w0, w0 + w_count[pw, c]):
                                s += x[p, t, h, w]
                    out[p, a, b, c] = s / (t_div[pt, a] * h_div[ph, b] * w_div[pw, c])


@auto_parallel
def window_average_pooling_update_grad_input(grad_output, t_first, t_count, t_div, h_first, h_count, h_div,
                                             w_first, w_count, w_div, grad_input):
    """Spread each output gradient evenly over its window, divided as in the forward pass."""
    n_planes = grad_input.shape[0]
    oT, oH, oW = grad_output.shape[1], grad_output.shape[2], grad_output.shape[3]
    for p in prange(n_planes):
        pt = p % t_first.shape[0]
        ph = p % h_first.shape[0]
        pw = p % w_first.shape[0]
        grad_input[p] = 0
        for a in range(oT):
            t0 = t_first[pt, a]
            for b in range(oH):
                h0 = h_first[ph, b]
                for c in range(oW):
                    w0 = w_first[pw, c]
                    g = grad_output[p, a, b, c] / (t_div[pt, a] * h_div[ph, b] * w_div[pw, c])
                    for t in range(t0, t0 + t_count[pt, a]):
                        for h in range(h0, h0 + h_count[ph, b]):
                            for w in range(w0, w0 + w_count[pw, c]):
                                grad_input[p, t, h, w] += g
