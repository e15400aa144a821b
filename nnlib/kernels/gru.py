"""rnn's GRU cell (GRU, SeqGRU) over a whole time-major sequence.

With input projections xg = x W_x^T + b (N, 3H) in gate order reset, update,
new [r | z | n] and W_h (3H, H) split into W_rz (2H, H) and W_n (H, H):
    r, z = sigmoid(xg_rz + h_prev W_rz^T), n = tanh(xg_n + (r h_prev) W_n^T),
    h = (1 - z) n + z h_prev.
The reset gate multiplies the previous state before its product (Cho et al.;
the PyTorch form, kernels/torch_gru.py, multiplies after), so a step needs two
products. `gates[t]` keeps r, z, n and `rh[t]` keeps r h_prev for backward.
A masked step (mask 0) outputs zeros and zeroes the row's state.
With rnn's dropout `p`, `hmask` (3, N, H) holds per-gate masks: on h_prev for
r and z, on r h_prev for n (rnn drops after the product r h_prev); `rh[t]`
keeps r h_prev unmasked. An empty (0, N, H) array means none.
"""
import numpy as np

from ._config import jit, jit_inline
from ._vmath import vsigmoid, vtanh
from ._blas import single_threaded
from ._matmul import step_product_nn, step_product_nt
from .recurrent_dropout import dropped_product_nn, dropped_product_nt


@jit_inline
def gru_step_gates(xg_t, rec, h_prev, mask_t, gates_t, rh_t):
    """r, z from `rec` = h_prev W_rz^T; rh = r h_prev."""
    n_rows, hidden = rh_t.shape
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                rh_t[n, k] = 0.0
            for k in range(3 * hidden):
                gates_t[n, k] = 0.0
            continue
        for k in range(hidden):
            r = vsigmoid(xg_t[n, k] + rec[n, k])
            gates_t[n, k] = r
            gates_t[n, hidden + k] = vsigmoid(xg_t[n, hidden + k] + rec[n, hidden + k])
            rh_t[n, k] = r * h_prev[n, k]


@jit_inline
def gru_step_output(xg_t, rec_n, h_prev, mask_t, gates_t, h_t):
    """n from `rec_n` = rh W_n^T, then h."""
    n_rows, hidden = h_t.shape
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                h_t[n, k] = 0.0
            continue
        for k in range(hidden):
            z = gates_t[n, hidden + k]
            nv = vtanh(xg_t[n, 2 * hidden + k] + rec_n[n, k])
            gates_t[n, 2 * hidden + k] = nv
            h_t[n, k] = (1.0 - z) * nv + z * h_prev[n, k]


@jit_inline
def gru_step_grad_new(grad_h_t, dh, gates_t, h_prev, mask_t, dgates_t, gh):
    """dn, dz into dgates; gh = total gradient w.r.t. h_t."""
    n_rows, hidden = gh.shape
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                gh[n, k] = 0.0
            for k in range(3 * hidden):
                dgates_t[n, k] = 0.0
            continue
        for k in range(hidden):
            z = gates_t[n, hidden + k]
            nv = gates_t[n, 2 * hidden + k]
            g = grad_h_t[n, k] + dh[n, k]
            gh[n, k] = g
            dgates_t[n, hidden + k] = g * (h_prev[n, k] - nv) * z * (1.0 - z)
            dgates_t[n, 2 * hidden + k] = g * (1.0 - z) * (1.0 - nv * nv)


@jit_inline
def gru_step_grad_reset(drh, gh, gates_t, h_prev, mask_t, dgates_t, dh):
    """dr from `drh` = dn W_n; dh = the direct part gh z + drh r (the caller adds d[r|z] W_rz)."""
    n_rows, hidden = gh.shape
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                dh[n, k] = 0.0
            continue
        for k in range(hidden):
            r = gates_t[n, k]
            dgates_t[n, k] = drh[n, k] * h_prev[n, k] * r * (1.0 - r)
            dh[n, k] = gh[n, k] * gates_t[n, hidden + k] + drh[n, k] * r


@jit
def _gru_update_output(xg, w_rz, w_n, h0, mask, gates, rh, h, rec, rec_n, hmask, dropped, part, inline, scratch,
                       scratch_n):
    for t in range(xg.shape[0]):
        h_prev = h0 if t == 0 else h[t - 1]
        if hmask.shape[0] == 0:
            step_product_nt(h_prev, w_rz, rec, inline, scratch)
        else:
            dropped_product_nt(h_prev, w_rz, hmask[:2], dropped, part, rec, inline)
        gru_step_gates(xg[t], rec, h_prev, mask[t], gates[t], rh[t])
        if hmask.shape[0] == 0:
            step_product_nt(rh[t], w_n, rec_n, inline, scratch_n)
        else:
            dropped_product_nt(rh[t], w_n, hmask[2:], dropped, part, rec_n, inline)
        gru_step_output(xg[t], rec_n, h_prev, mask[t], gates[t], h[t])


@jit
def _gru_update_grad_input(grad_h, dh, gates, h0, h, mask, w_rz, w_n, dgates, gh, drh, hmask, part, inline):
    hidden = dh.shape[1]
    for t in range(grad_h.shape[0] - 1, -1, -1):
        h_prev = h0 if t == 0 else h[t - 1]
        gru_step_grad_new(grad_h[t], dh, gates[t], h_prev, mask[t], dgates[t], gh)
        if hmask.shape[0] == 0:
            step_product_nn(dgates[t][:, 2 * hidden:], w_n, drh, False, inline)
        else:
            dropped_product_nn(dgates[t][:, 2 * hidden:], w_n, hmask[2:], part, drh, False, inline)
        gru_step_grad_reset(drh, gh, gates[t], h_prev, mask[t], dgates[t], dh)
        if hmask.shape[0] == 0:
            step_product_nn(dgates[t][:, :2 * hidden], w_rz, dh, True, inline)
        else:
            dropped_product_nn(dgates[t][:, :2 * hidden], w_rz, hmask[:2], part, dh, True, inline)


def gru_update_output(xg, w_h, h0, mask, gates, rh, h, hmask, inline, work):
    """Forward over (T, N, 3H) input projections, all steps in one call; `hmask` None or (3, N, H) per-gate
    dropout masks. `inline`: the step products in inline loops, else BLAS; `work`: (rec (N, 2H), rec_n,
    dropped, part (N, H) each, the scratch of the (N, H) by (2H, H) and by (H, H) products), as
    `nnlib.plans.GRUPlan` holds them."""
    n, hidden = h0.shape
    w_rz, w_n = w_h[:2 * hidden], w_h[2 * hidden:]
    hmask = np.empty((0, n, hidden), dtype=h0.dtype) if hmask is None else hmask
    rec, rec_n, dropped, part, scratch, scratch_n = work
    single_threaded(_gru_update_output, xg, w_rz, w_n, h0, mask, gates, rh, h, rec, rec_n, hmask,
                    dropped, part, inline, scratch, scratch_n)


def gru_update_grad_input(grad_h, dh, gates, h0, h, mask, w_h, dgates, hmask, inline, work):
    """BPTT into dgates (T, N, 3H), all steps in one call; `dh` carries the state gradient (in: from later
    steps, out: initial state). `hmask` and `inline` as in gru_update_output; `work`: (gh, drh, part),
    (N, H) each."""
    n, hidden = h0.shape
    w_rz, w_n = w_h[:2 * hidden], w_h[2 * hidden:]
    hmask = np.empty((0, n, hidden), dtype=h0.dtype) if hmask is None else hmask
    gh, drh, part = work
    single_threaded(_gru_update_grad_input, grad_h, dh, gates, h0, h, mask, w_rz, w_n, dgates, gh, drh, hmask,
                    part, inline)
