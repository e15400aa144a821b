"""Recurrent products under rnn's per-gate dropout masks (LSTM's and GRU's `p`).

rnn's LSTM and GRU with a dropout `p` put a separate Dropout before each
gate's Linear, so gate g sees (h * m_g) W_g^T: the rows of W (G blocks of
`block` rows) are multiplied by differently masked copies of the state.
`masks` is (G, N, K), one (N, K) mask per gate, already scaled by 1/(1-p).
They run inside the recurrent kernels' step loops; each gate's product is a
`_matmul` step product (inline or BLAS, `inline` as there).
"""
from ._config import jit_inline
from ._matmul import step_product_nn, step_product_nt


@jit_inline
def dropped_product_nt(a, w, masks, dropped, part, out, inline):
    """out[:, g-block] = (a * masks[g]) @ w[g-block].T for each gate g; `dropped` (N, K), `part` (N, block) scratch."""
    n_gates = masks.shape[0]
    block = w.shape[0] // n_gates
    for g in range(n_gates):
        for i in range(a.shape[0]):
            for k in range(a.shape[1]):
                dropped[i, k] = a[i, k] * masks[g, i, k]
        step_product_nt(dropped, w[g * block:(g + 1) * block], part, inline, part[:0])
        for i in range(a.shape[0]):
            for j in range(block):
                out[i, g * block + j] = part[i, j]


@jit_inline
def dropped_product_nn(d, w, masks, part, out, accumulate, inline):
    """out (+)= sum over gates g of (d[:, g-block] @ w[g-block]) * masks[g]; `part` (N, K) is scratch."""
    n_gates = masks.shape[0]
    block = w.shape[0] // n_gates
    if not accumulate:
        for i in range(out.shape[0]):
            for k in range(out.shape[1]):
                out[i, k] = 0.0
    for g in range(n_gates):
        step_product_nn(d[:, g * block:(g + 1) * block], w[g * block:(g + 1) * block], part, False, inline)
        for i in range(out.shape[0]):
            for k in range(out.shape[1]):
                out[i, k] += part[i, k] * masks[g, i, k]
