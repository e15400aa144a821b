"""Bi- and trilinear interpolation of (P, T, H, W) planes through per-axis source positions.

Along each axis, output position o reads inputs i0[o] and i1[o] with weights
l0[o] and l1[o] (Torch7's align-corners positions, computed by the module);
a 2-D op has T = 1 with i0 = i1 = 0, l0 = 1, l1 = 0. One prange iteration per
plane in both passes (the backward scatter adds in a fixed order), so results
do not depend on thread timing. C-contiguous arrays.
"""
from ._config import auto_parallel, prange, zero_of


@auto_parallel
def linear_upsampling_update_output(x, t0, t1, tl0, tl1, h0, h1, hl0, hl1, w0, w1, wl0, wl1, out):
    """out = the separable linear interpolation of x at the given positions and weights."""
    for p in prange(out.shape[0]):
        for a in range(out.shape[1]):
            for b in range(out.shape[2]):
                for c in range(out.shape[3]):
                    s = zero_of(out)
                    for ti in range(2):
                        t = t0[a] if ti == 0 else t1[a]
                        wt = tl0[a] if ti == 0 else tl1[a]
                        if wt == 0:
                            continue
                        row0 = hl0[b] * (wl0[c] * x[p, t, h0[b], w0[c]] + wl1[c] * x[p, t, h0[b], w1[c]])
                        row1 = hl1[b] * (wl0[c] * x[p, t, h1[b], w0[c]] + wl1[c] * x[p, t, h1[b], w1[c]])
                        s += wt * (row0 + row1)
                    out[p, a, b, c] = s


@auto_parallel
def linear_upsampling_update_grad_input(grad_output, t0, t1, tl0, tl1, h0, h1, hl0, hl1, w0, w1, wl0, wl1,
                                        grad_input):
    """grad_input = 0, then each output gradient spread back over its corners with the forward weights."""
    for p in prange(grad_output.shape[0]):
        grad_input[p] = 0
        for a in range(grad_output.shape[1]):
            for b in range(grad_output.shape[2]):
                for c in range(grad_output.shape[3]):
                    g = grad_output[p, a, b, c]
                    for ti in range(2):
                        t = t0[a] if ti == 0 else t1[a]
                        wt = tl0[a] if ti == 0 else tl1[a]
                        if wt == 0:
                            continue
                        gt = g * wt
                        grad_input[p, t, h0[b], w0[c]] += gt * hl0[b] * wl0[c]
                        grad_input[p, t, h0[b], w1[c]] += gt * hl0[b] * wl1[c]
                        grad_input[p, t, h1[b], w0[c]] += gt * hl1[b] * wl0[c]
                        grad_input[p, t, h1[b], w1[c]] += gt * hl1[b] * wl1[c]
