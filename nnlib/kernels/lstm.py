"""LSTM cell over a whole time-major sequence, with optional peepholes and projection.

One kernel for rnn's LSTM (peepholes), FastLSTM and SeqLSTM (none) and
SeqLSTMP (projection). Gate pre-activations are laid out (N, 4H) in the order
input, forget, output, cell candidate [i | f | o | g]; `peep` (3, H) holds the
diagonal cell-to-gate weights of i, f, o (zeros: no peepholes):
    i = sigmoid(a_i + peep_i c_prev), f = sigmoid(a_f + peep_f c_prev),
    g = tanh(a_g), c = f c_prev + i g, o = sigmoid(a_o + peep_o c),
    r = o tanh(c), h = r (or h = r W_p^T with a projection W_p (P, H)).
On entry `gates[t]` holds the input projection x_t W_x^T + b; each step adds
h_prev W_h^T and replaces it by the activated gates (kept for backward).
A masked step (mask 0) outputs zeros and zeroes the row's state (h and c).
With rnn's dropout `p`, `hmask` (4, N, H) holds one mask per gate for h_prev
(kernels/recurrent_dropout.py); an empty (0, N, H) array means none.
"""
import numpy as np

from ._config import jit, jit_inline
from ._vmath import vsigmoid, vtanh
from ._blas import single_threaded
from ._matmul import step_product_nn, step_product_nt
from .recurrent_dropout import dropped_product_nn, dropped_product_nt


@jit_inline
def lstm_step_update_output(gates_t, rec, c_prev, peep, mask_t, c_t, r_t):
    n_rows, hidden = r_t.shape
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                c_t[n, k] = 0.0
                r_t[n, k] = 0.0
            for k in range(4 * hidden):
                gates_t[n, k] = 0.0
            continue
        # one loop per gate: a loop over all of them touches so many arrays that LLVM's alias
        # checks give up and it stays scalar (13x slower at N 64, H 512); results are the same bits
        for k in range(hidden):
            gates_t[n, k] = vsigmoid(gates_t[n, k] + rec[n, k] + peep[0, k] * c_prev[n, k])
        for k in range(hidden):
            gates_t[n, hidden + k] = vsigmoid(gates_t[n, hidden + k] + rec[n, hidden + k] + peep[1, k] * c_prev[n, k])
        for k in range(hidden):
            gates_t[n, 3 * hidden + k] = vtanh(gates_t[n, 3 * hidden + k] + rec[n, 3 * hidden + k])
        for k in range(hidden):
            c_t[n, k] = gates_t[n, hidden + k] * c_prev[n, k] + gates_t[n, k] * gates_t[n, 3 * hidden + k]
        for k in range(hidden):
            c = c_t[n, k]
            o = vsigmoid(gates_t[n, 2 * hidden + k] + rec[n, 2 * hidden + k] + peep[2, k] * c)
            gates_t[n, 2 * hidden + k] = o
            r_t[n, k] = o * vtanh(c)


@jit_inline
def lstm_step_update_grad_input(grad_r_t, dc, gates_t, c_t, c_prev, peep, mask_t, dgates_t):
    """Gate gradients of one step from the gradient w.r.t. r_t; `dc` goes from grad c_t to grad c_prev."""
    n_rows, hidden = c_t.shape
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                dc[n, k] = 0.0
            for k in range(4 * hidden):
                dgates_t[n, k] = 0.0
            continue
        for k in range(hidden):  # split in two loops for vectorisation, as the forward
            o = gates_t[n, 2 * hidden + k]
            tc = vtanh(c_t[n, k])
            gh = grad_r_t[n, k]
            do = gh * tc * o * (1.0 - o)
            dgates_t[n, 2 * hidden + k] = do
            dc[n, k] = dc[n, k] + gh * o * (1.0 - tc * tc) + do * peep[2, k]
        for k in range(hidden):
            i = gates_t[n, k]
            f = gates_t[n, hidden + k]
            g = gates_t[n, 3 * hidden + k]
            dcc = dc[n, k]
            di = dcc * g * i * (1.0 - i)
            df = dcc * c_prev[n, k] * f * (1.0 - f)
            dgates_t[n, k] = di
            dgates_t[n, hidden + k] = df
            dgates_t[n, 3 * hidden + k] = dcc * i * (1.0 - g * g)
            dc[n, k] = dcc * f + di * peep[0, k] + df * peep[1, k]


@jit_inline
def _add_into(a, b, out):
    for n in range(a.shape[0]):
        for k in range(a.shape[1]):
            out[n, k] = a[n, k] + b[n, k]


@jit
def _lstm_update_output(gates, w_h, h0, c0, peep, w_p, mask, h, c, r, rec, hmask, dropped, part, inline, scratch):
    project = w_p.shape[0] > 0
    for t in range(gates.shape[0]):
        h_prev = h0 if t == 0 else h[t - 1]
        if hmask.shape[0] == 0:
            step_product_nt(h_prev, w_h, rec, inline, scratch)
        else:
            dropped_product_nt(h_prev, w_h, hmask, dropped, part, rec, inline)
        lstm_step_update_output(gates[t], rec, c0 if t == 0 else c[t - 1], peep, mask[t], c[t], r[t])
        if project:
            step_product_nt(r[t], w_p, h[t], inline, scratch[:0])


@jit
def _lstm_update_grad_input(grad_h, dh, dc, gates, c0, c, peep, w_p, mask, w_h, dgates, gh, dr, hmask, part, inline):
    project = w_p.shape[0] > 0
    for t in range(grad_h.shape[0] - 1, -1, -1):
        _add_into(grad_h[t], dh, gh[t])
        if project:
            step_product_nn(gh[t], w_p, dr, False, inline)
            lstm_step_update_grad_input(dr, dc, gates[t], c[t], c0 if t == 0 else c[t - 1], peep, mask[t], dgates[t])
        else:
            lstm_step_update_grad_input(gh[t], dc, gates[t], c[t], c0 if t == 0 else c[t - 1], peep, mask[t],
                                        dgates[t])
        if hmask.shape[0] == 0:
            step_product_nn(dgates[t], w_h, dh, False, inline)
        else:
            dropped_product_nn(dgates[t], w_h, hmask, part, dh, False, inline)


def _no_masks(h0):
    return np.empty((0,) + h0.shape, dtype=h0.dtype)


def lstm_update_output(gates, w_h, h0, c0, peep, w_p, mask, h, c, r, hmask, inline, work):
    """Forward over (T, N, 4H) gates (input projection on entry, activations on exit), all steps in one call.

    `w_p` is the (P, H) projection, or a (0, H) array for none; then `r` is `h`.
    `hmask`: None, or (4, N, H) per-gate dropout masks on h_prev. `inline`: the step products in
    inline loops, else BLAS; `work`: (rec (N, 4H), dropped (N, P), part (N, H), the (N, H) by (4H, H)
    product's scratch), as `nnlib.plans.LSTMPlan` holds them.
    """
    hmask = _no_masks(h0) if hmask is None else hmask
    rec, dropped, part, scratch = work
    single_threaded(_lstm_update_output, gates, w_h, h0, c0, peep, w_p, mask, h, c, r, rec, hmask,
                    dropped, part, inline, scratch)


def lstm_update_grad_input(grad_h, dh, dc, gates, c0, c, peep, w_p, mask, w_h, dgates, gh, hmask, inline, work):
    """BPTT into dgates (T, N, 4H), all steps in one call; dh, dc carry the state gradients (in: from later
    steps, out: initial state).

    `gh` (T, N, P) receives the total gradient w.r.t. each step's output h_t
    (the projection's weight gradient needs it). `hmask` and `inline` as in lstm_update_output;
    `work`: (dr (N, H), part (N, P)).
    """
    hmask = _no_masks(dh) if hmask is None else hmask
    dr, part = work
    single_threaded(_lstm_update_grad_input, grad_h, dh, dc, gates, c0, c, peep, w_p, mask, w_h, dgates, gh,
                    dr, hmask, part, inline)
