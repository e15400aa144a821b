"""Torch rnn's `Recurrent` cell over a whole time-major sequence.

Step t of row n computes h = f(pre), f sigmoid (transfer 0) or tanh (1), with
pre = xproj + start on a row's first step ("fresh": no state yet) and
pre = xproj + h_prev W_h^T + b_h afterwards. A masked step (mask 0) outputs
zeros and makes the row fresh again, so the next step restarts the sequence.
"""
import numpy as np

from ._config import jit, jit_inline
from ._blas import single_threaded
from ._matmul import step_product_nn, step_product_nt
from ._vmath import vsigmoid, vtanh
from .sequence_products import acc_recurrent_weight


@jit_inline
def rnn_step_update_output(xproj_t, rec, b_h, start, fresh, mask_t, transfer, h_t, used_start_t):
    """One step for all rows; `rec` = h_prev W_h^T; updates `fresh` in place."""
    n_rows, hidden = h_t.shape
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                h_t[n, k] = 0.0
            fresh[n] = 1
            used_start_t[n] = 0
            continue
        first = fresh[n] != 0
        used_start_t[n] = 1 if first else 0
        for k in range(hidden):
            v = xproj_t[n, k] + (start[k] if first else rec[n, k] + b_h[k])
            h_t[n, k] = vsigmoid(v) if transfer == 0 else vtanh(v)
        fresh[n] = 0


@jit_inline
def rnn_step_update_grad_input(grad_h_t, dh, h_t, mask_t, transfer, dpre_t):
    """dpre_t = (grad_h_t + dh) * f'(h_t); zero on masked rows."""
    n_rows, hidden = h_t.shape
    for n in range(n_rows):
        for k in range(hidden):
            if mask_t[n] == 0:
                dpre_t[n, k] = 0.0
            else:
                y = h_t[n, k]
                d = y * (1.0 - y) if transfer == 0 else 1.0 - y * y
                dpre_t[n, k] = (grad_h_t[n, k] + dh[n, k]) * d


@jit_inline
def zero_fresh_rows(dh, used_start_t, mask_t):
    """No gradient flows to the state before a row's first or masked step."""
    for n in range(dh.shape[0]):
        if used_start_t[n] != 0 or mask_t[n] == 0:
            for k in range(dh.shape[1]):
                dh[n, k] = 0.0


@jit
def _rnn_update_output(xproj, w_h, b_h, start, h0, fresh, mask, transfer, h, used_start, rec, inline, scratch):
    for t in range(xproj.shape[0]):
        step_product_nt(h0 if t == 0 else h[t - 1], w_h, rec, inline, scratch)
        rnn_step_update_output(xproj[t], rec, b_h, start, fresh, mask[t], transfer, h[t], used_start[t])


@jit
def _rnn_update_grad_input(grad_h, dh, h, used_start, mask, transfer, w_h, dpre, inline):
    for t in range(grad_h.shape[0] - 1, -1, -1):
        rnn_step_update_grad_input(grad_h[t], dh, h[t], mask[t], transfer, dpre[t])
        step_product_nn(dpre[t], w_h, dh, False, inline)
        zero_fresh_rows(dh, used_start[t], mask[t])


def rnn_update_output(xproj, w_h, b_h, start, h0, fresh, mask, transfer, h, used_start, inline, work):
    """Forward over (T, N, H), all steps in one call; `fresh` (N,) uint8 is updated to the final state.
    `inline`: the step products in inline loops, else BLAS; `work`: (rec (N, H), the (N, H) by (H, H)
    product's scratch), as `nnlib.plans.RecurrentPlan` holds them."""
    rec, scratch = work
    single_threaded(_rnn_update_output, xproj, w_h, b_h, start, h0, fresh, mask, transfer, h, used_start,
                    rec, inline, scratch)


def rnn_update_grad_input(grad_h, dh, h, used_start, mask, transfer, w_h, dpre, inline):
    """BPTT, all steps in one call: dpre (T, N, H) gets the pre-activation gradients.

    `dh` (N, H) holds on entry the gradient w.r.t. the last state coming from
    later steps, on exit the gradient w.r.t. the initial state. `inline` as in rnn_update_output.
    """
    single_threaded(_rnn_update_grad_input, grad_h, dh, h, used_start, mask, transfer, w_h, dpre, inline)


@jit
def rnn_fused_acc_grad_parameters(dpre, h0, h, used_start, scale, grad_w_h, grad_b_h, grad_start):
    steps, n_rows, hidden = h.shape
    for t in range(steps):
        for n in range(n_rows):
            if used_start[t, n] != 0:
                for j in range(hidden):
                    grad_start[j] += scale * dpre[t, n, j]
                continue
            h_prev = h0[n] if t == 0 else h[t - 1, n]
            for j in range(hidden):
                d = scale * dpre[t, n, j]
                grad_b_h[j] += d
                for k in range(hidden):
                    grad_w_h[j, k] += d * h_prev[k]


def rnn_acc_grad_parameters(dpre, h0, h, used_start, scale, grad_w_h, grad_b_h, grad_start, inline):
    """Feedback weight/bias gradients from steps that used the state, start gradient from first steps.

    `grad_b_h` is None for a feedback Linear without bias. `inline`: one fused loop over the steps
    (the inline step products' sizes), else a GEMM.
    """
    hidden = h.shape[2]
    if inline:
        bias = np.zeros(hidden, dtype=dpre.dtype) if grad_b_h is None else grad_b_h
        rnn_fused_acc_grad_parameters(dpre, h0, h, used_start, scale, grad_w_h, bias, grad_start)
        return
    first = used_start.astype(dpre.dtype)[:, :, None]
    fb = (dpre * (1 - first)).reshape(-1, hidden)
    acc_recurrent_weight(h0, h, fb, grad_w_h, scale)
    if grad_b_h is not None:
        grad_b_h += scale * fb.sum(axis=0)
    grad_start += scale * (dpre * first).reshape(-1, hidden).sum(axis=0)
