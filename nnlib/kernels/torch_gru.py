"""PyTorch-form GRU cell (TorchGRU) over a whole time-major sequence (the cuDNN / PyTorch formulation).

With x-projections xg = x W_x^T + b_x and state projections hg = h_prev W_h^T + b_h,
both (N, 3H) in gate order reset, update, new [r | z | n]:
    r = sigmoid(xg_r + hg_r), z = sigmoid(xg_z + hg_z),
    n = tanh(xg_n + r * hg_n), h = (1 - z) * n + z * h_prev.
(rnn's GRU, kernels/gru.py, applies r to h_prev before its matrix product; this form needs one
product per step.) `gates[t]` keeps r, z, n and `hn[t]` keeps hg_n for backward.
A masked step (mask 0) outputs zeros and zeroes the row's state.
"""

from ._config import jit, jit_inline
from ._vmath import vsigmoid, vtanh
from ._blas import single_threaded
from ._matmul import step_product_nn, step_product_nt


@jit_inline
def torch_gru_step_update_output(xg_t, rec, b_h, h_prev, mask_t, gates_t, hn_t, h_t):
    """`rec` = h_prev W_h^T (without b_h)."""
    n_rows, hidden = h_t.shape
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                h_t[n, k] = 0.0
                hn_t[n, k] = 0.0
            for k in range(3 * hidden):
                gates_t[n, k] = 0.0
            continue
        # one loop per gate: over all of them at once LLVM's alias checks give up and the loop
        # stays scalar (20x slower at N 64, H 512); results are the same bits
        for k in range(hidden):
            gates_t[n, k] = vsigmoid(xg_t[n, k] + rec[n, k] + b_h[k])
        for k in range(hidden):
            gates_t[n, hidden + k] = vsigmoid(xg_t[n, hidden + k] + rec[n, hidden + k] + b_h[hidden + k])
        for k in range(hidden):
            hn_t[n, k] = rec[n, 2 * hidden + k] + b_h[2 * hidden + k]
        for k in range(hidden):  # n into h_t first: reading gate r while writing gate n stays scalar
            h_t[n, k] = vtanh(xg_t[n, 2 * hidden + k] + gates_t[n, k] * hn_t[n, k])
        for k in range(hidden):
            z = gates_t[n, hidden + k]
            nv = h_t[n, k]
            gates_t[n, 2 * hidden + k] = nv
            h_t[n, k] = (1.0 - z) * nv + z * h_prev[n, k]


@jit_inline
def torch_gru_step_update_grad_input(grad_h_t, dh, gates_t, hn_t, h_prev, mask_t, dxg_t, dhg_t):
    """Gradients of one step w.r.t. xg and hg; `dh` becomes the direct part z * grad (the caller adds dhg W_h)."""
    n_rows, hidden = hn_t.shape
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                dh[n, k] = 0.0
            for k in range(3 * hidden):
                dxg_t[n, k] = 0.0
                dhg_t[n, k] = 0.0
            continue
        for k in range(hidden):
            r = gates_t[n, k]
            z = gates_t[n, hidden + k]
            nv = gates_t[n, 2 * hidden + k]
            gh = grad_h_t[n, k] + dh[n, k]
            dn = gh * (1.0 - z) * (1.0 - nv * nv)
            dr = dn * hn_t[n, k] * r * (1.0 - r)
            dz = gh * (h_prev[n, k] - nv) * z * (1.0 - z)
            dxg_t[n, k] = dr
            dxg_t[n, hidden + k] = dz
            dxg_t[n, 2 * hidden + k] = dn
            dhg_t[n, k] = dr
            dhg_t[n, hidden + k] = dz
            dhg_t[n, 2 * hidden + k] = dn * r
            dh[n, k] = gh * z


@jit
def _torch_gru_update_output(xg, w_h, b_h, h0, mask, gates, hn, h, rec, inline, scratch):
    for t in range(xg.shape[0]):
        h_prev = h0 if t == 0 else h[t - 1]
        step_product_nt(h_prev, w_h, rec, inline, scratch)
        torch_gru_step_update_output(xg[t], rec, b_h, h_prev, mask[t], gates[t], hn[t], h[t])


@jit
def _torch_gru_update_grad_input(grad_h, dh, gates, hn, h0, h, mask, w_h, dxg, dhg, inline):
    for t in range(grad_h.shape[0] - 1, -1, -1):
        torch_gru_step_update_grad_input(grad_h[t], dh, gates[t], hn[t], h0 if t == 0 else h[t - 1], mask[t], dxg[t],
                                         dhg[t])
        step_product_nn(dhg[t], w_h, dh, True, inline)


def torch_gru_update_output(xg, w_h, b_h, h0, mask, gates, hn, h, inline, work):
    """Forward over (T, N, 3H) input projections, all steps in one call. `inline`: the step products in
    inline loops, else BLAS; `work`: (rec (N, 3H), the (N, H) by (3H, H) product's scratch), as
    `nnlib.plans.RecurrentPlan` holds them."""
    rec, scratch = work
    single_threaded(_torch_gru_update_output, xg, w_h, b_h, h0, mask, gates, hn, h, rec, inline, scratch)


def torch_gru_update_grad_input(grad_h, dh, gates, hn, h0, h, mask, w_h, dxg, dhg, inline):
    """BPTT into dxg, dhg (T, N, 3H), all steps in one call; `dh` carries the state gradient (in: from later
    steps, out: initial state). `inline` as in torch_gru_update_output."""
    single_threaded(_torch_gru_update_grad_input, grad_h, dh, gates, hn, h0, h, mask, w_h, dxg, dhg, inline)
