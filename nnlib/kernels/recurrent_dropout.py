"""Recurrent products under rnn's per-gate dropout masks (LSTM's and GRU's `p`).

rnn's LSTM and GRU with a dropout `p` put a separate Dropout before each
gate's Linear, so gate g sees (h * m_g) W_g^T: the rows of W (G blocks of
`block` rows) are multiplied by differently masked copies of the state.
`masks` is (G, N, K), one (N, K) mask per gate, already scaled by 1/(1-p).
The fused (numba) forms run inside the recurrent kernels' step loops; the
BLAS forms serve hidden sizes above FUSED_MAX_HIDDEN.
"""
import numpy as np

from ._config import jit_inline
from ._gemm import dot
from ._matmul import matmul_nn, matmul_nt


@jit_inline
def dropped_matmul_nt(a, w, masks, dropped, out):
    """out[:, g-block] = (a * masks[g]) @ w[g-block].T for each gate g; `dropped` (N, K) is scratch."""
    n_gates = masks.shape[0]
    block = w.shape[0] // n_gates
    for g in range(n_gates):
        for i in range(a.shape[0]):
            for k in range(a.shape[1]):
                dropped[i, k] = a[i, k] * masks[g, i, k]
        matmul_nt(dropped, w[g * block:(g + 1) * block], out[:, g * block:(g + 1) * block])


@jit_inline
def dropped_matmul_nn(d, w, masks, part, out, accumulate):
    """out (+)= sum over gates g of (d[:, g-block] @ w[g-block]) * masks[g]; `part` (N, K) is scratch."""
    n_gates = masks.shape[0]
    block = w.shape[0] // n_gates
    if not accumulate:
        for i in range(out.shape[0]):
            for k in range(out.shape[1]):
                out[i, k] = 0.0
    for g in range(n_gates):
        matmul_nn(d[:, g * block:(g + 1) * block], w[g * block:(g + 1) * block], part, False)
        for i in range(out.shape[0]):
            for k in range(out.shape[1]):
                out[i, k] += part[i, k] * masks[g, i, k]


def dropped_dot_nt(a, w, masks, out):
    """`dropped_matmul_nt` through BLAS: out (N, G * block) C-contiguous."""
    block = w.shape[0] // masks.shape[0]
    part = np.empty((a.shape[0], block), dtype=a.dtype)
    for g in range(masks.shape[0]):
        dot(np.ascontiguousarray(a * masks[g]), np.ascontiguousarray(w[g * block:(g + 1) * block].T), part)
        out[:, g * block:(g + 1) * block] = part
    return out


def dropped_dot_nn(d, w, masks, out, accumulate):
    """`dropped_matmul_nn` through BLAS."""
    block = w.shape[0] // masks.shape[0]
    part = np.empty(out.shape, dtype=out.dtype)
    if not accumulate:
        out[...] = 0
    for g in range(masks.shape[0]):
        dot(np.ascontiguousarray(d[:, g * block:(g + 1) * block]), w[g * block:(g + 1) * block], part)
        out += part * masks[g]
    return out
