"""Small matrix products inside numba kernels (numba has no BLAS here: no SciPy).

Used by the fused whole-sequence recurrent kernels when the hidden size is
small enough that a BLAS call per time step costs more than the arithmetic.
"""
from ._config import jit_inline

FUSED_MAX_HIDDEN = 32
"""Hidden sizes up to this run the recurrence as one fused numba call; larger ones call BLAS per step.

Measured for an LSTM (T 35, N 10 and 32, one thread): the two are within 10%
up to H 32, BLAS wins from H 48 on; the fused call saves the per-step Python
work that dominates tiny models such as the 1..10 predictor (H 12).
"""


@jit_inline
def matmul_nt(a, w, out):
    """out = a @ w.T for a (N, K), w (M, K)."""
    n_rows, k_dim = a.shape
    m_dim = w.shape[0]
    for n in range(n_rows):
        for m in range(m_dim):
            s = 0.0
            for k in range(k_dim):
                s += a[n, k] * w[m, k]
            out[n, m] = s


@jit_inline
def matmul_nn(a, w, out, accumulate):
    """out = a @ w (or out += a @ w) for a (N, M), w (M, K)."""
    n_rows, m_dim = a.shape
    k_dim = w.shape[1]
    for n in range(n_rows):
        if not accumulate:
            for k in range(k_dim):
                out[n, k] = 0.0
        for m in range(m_dim):
            av = a[n, m]
            if av != 0.0:
                for k in range(k_dim):
                    out[n, k] += av * w[m, k]
