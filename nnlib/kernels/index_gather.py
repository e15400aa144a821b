"""Copy planes through per-axis index maps: padding by reflection or replication, nearest upsampling.

`out[p, a, b, c] = x[p, it[a], ih[b], iw[c]]` for (P, T, H, W) planes; the
backward pass adds each output gradient back to its source. One prange
iteration per plane in both passes (the scatter adds in a fixed order within
the plane), so results do not depend on thread timing. C-contiguous arrays.
"""
from ._config import auto_parallel, prange


@auto_parallel
def index_gather_update_output(x, it, ih, iw, out):
    """out[p, a, b, c] = x[p, it[a], ih[b], iw[c]]."""
    for p in prange(out.shape[0]):
        for a in range(out.shape[1]):
            t = it[a]
            for b in range(out.shape[2]):
                h = ih[b]
                for c in range(out.shape[3]):
                    out[p, a, b, c] = x[p, t, h, iw[c]]


@auto_parallel
def index_gather_update_grad_input(grad_output, it, ih, iw, grad_input):
    """grad_input = 0, then grad_input[p, it[a], ih[b], iw[c]] += grad_output[p, a, b, c]."""
    for p in prange(grad_output.shape[0]):
        grad_input[p] = 0
        for a in range(grad_output.shape[1]):
            t = it[a]
            for b in range(grad_output.shape[2]):
                h = ih[b]
                for c in range(grad_output.shape[3]):
                    grad_input[p, t, h, iw[c]] += grad_output[p, a, b, c]
