"""(Log-)softmax over axis 1 of a 3-D (frames, dim, positions) array: THNN's SoftMax and
LogSoftMax on (C, H, W) and (N, C, H, W) inputs, each pixel normalised over its channels.

One frame per prange iteration (each writes its own slab), so results do not depend on
the thread count. The inner loops run over positions, the contiguous axis; exp and log are
`_vmath`'s and the channel maximum `vmax` (vectorised on float32; a NaN still propagates
through the exponentials).
"""
import numpy as np

from ._config import auto_parallel, prange
from ._vmath import vexp, vlog, vmax


@auto_parallel
def spatial_softmax_update_output(x, out):
    n, c, s = x.shape
    for b in prange(n):
        m = np.empty(s, x.dtype)
        total = np.zeros(s, x.dtype)
        for p in range(s):
            m[p] = x[b, 0, p]
        for j in range(1, c):
            for p in range(s):
                m[p] = vmax(m[p], x[b, j, p])
        for j in range(c):
            for p in range(s):
                e = vexp(x[b, j, p] - m[p])
                out[b, j, p] = e
                total[p] += e
        for j in range(c):
            for p in range(s):
                out[b, j, p] /= total[p]


@auto_parallel
def spatial_softmax_update_grad_input(output, grad_output, grad_input):
    n, c, s = output.shape
    for b in prange(n):
        dot = np.zeros(s, output.dtype)
        for j in range(c):
            for p in range(s):
                dot[p] += grad_output[b, j, p] * output[b, j, p]
        for j in range(c):
            for p in range(s):
                grad_input[b, j, p] = output[b, j, p] * (grad_output[b, j, p] - dot[p])


@auto_parallel
def spatial_log_softmax_update_output(x, out):
    n, c, s = x.shape
    for b in prange(n):
        m = np.empty(s, x.dtype)
        total = np.zeros(s, x.dtype)
        for p in range(s):
            m[p] = x[b, 0, p]
        for j in range(1, c):
            for p in range(s):
                m[p] = vmax(m[p], x[b, j, p])
        for j in range(c):
            for p in range(s):
                total[p] += vexp(x[b, j, p] - m[p])
        for p in range(s):
            m[p] += vlog(total[p])
        for j in range(c):
            for p in range(s):
                out[b, j, p] = x[b, j, p] - m[p]


@auto_parallel
def spatial_log_softmax_update_grad_input(output, grad_output, grad_input):
    n, c, s = output.shape
    for b in prange(n):
        total = np.zeros(s, output.dtype)
        for j in range(c):
            for p in range(s):
                total[p] += grad_output[b, j, p]
        for j in range(c):
            for p in range(s):
                grad_input[b, j, p] = grad_output[b, j, p] - vexp(output[b, j, p]) * total[p]
