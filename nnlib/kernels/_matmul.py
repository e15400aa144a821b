"""Matrix products of one time step inside the compiled recurrent loops.

A recurrence runs its T steps in one compiled call (no Python per step); each
step's product with the recurrent weights is either an inline loop (tiny
hidden sizes, where even a BLAS call costs more than the arithmetic) or a
`_gemm.gemm` call on numba's threads. The recurrent kernels are therefore
called through `_blas.single_threaded`, like every kernel that calls BLAS.
"""
from ._choices import choice
from ._config import jit_inline
from ._gemm import MIN_BLOCK_WORK, gemm
from ._transpose import transpose

FUSED_MAX_HIDDEN = choice("recurrent", "inline_max_hidden")
"""Hidden sizes up to this multiply by the recurrent weights in inline loops; larger ones call BLAS."""


def inline_products(hidden):
    """Whether a recurrence with this hidden size multiplies in inline loops rather than through BLAS (the
    choice `nnlib.plans.RecurrentPlan` makes once per geometry and passes to the kernels as `inline`)."""
    return hidden <= FUSED_MAX_HIDDEN


@jit_inline
def step_product_nt(x, w, out, inline, scratch):
    """out = x @ w.T for x (N, K), w (M, K), out (N, M) C-contiguous; `scratch` (M, N) where that is faster
    computed as (w @ x.T).T, else (0, 0) (`nnlib.plans.RecurrentPlan.product_scratch`)."""
    if inline:
        matmul_nt(x, w, out)
    elif scratch.shape[0] == 0:
        gemm(x, w.T, out, 1.0, 0.0, MIN_BLOCK_WORK)
    else:
        gemm(w, x.T, scratch, 1.0, 0.0, MIN_BLOCK_WORK)
        transpose(scratch.reshape(-1), scratch.shape[0], scratch.shape[1], out.reshape(-1), scratch.shape[0])


@jit_inline
def step_product_nn(a, w, out, accumulate, inline):
    """out = a @ w (or out += a @ w) for a (N, M), w (M, K), out (N, K) C-contiguous."""
    if inline:
        matmul_nn(a, w, out, accumulate)
    else:
        gemm(a, w, out, 1.0, 1.0 if accumulate else 0.0, MIN_BLOCK_WORK)


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
