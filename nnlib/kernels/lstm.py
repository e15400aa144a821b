"""LSTM cell (FastLSTM's gates, no peepholes) over a whole time-major sequence.

Gate pre-activations are laid out (N, 4H) in the order input, forget, output,
cell candidate [i | f | o | g] (rnn's FastLSTM order):
    i, f, o = sigmoid(.), g = tanh(.), c = f * c_prev + i * g, h = o * tanh(c).
On entry `gates[t]` holds the input projection x_t W_x^T + b; each step adds
h_prev W_h^T and replaces it by the activated gates (kept for backward).
A masked step (mask 0) outputs zeros and zeroes the row's state (h and c).
"""
import math

import numpy as np

from ._config import jit
from ._gemm import dot, dot_nt, nt_buffer
from ._matmul import FUSED_MAX_HIDDEN, matmul_nn, matmul_nt


@jit
def lstm_step_update_output(gates_t, rec, c_prev, mask_t, c_t, h_t):
    n_rows, hidden = h_t.shape
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                c_t[n, k] = 0.0
                h_t[n, k] = 0.0
            for k in range(4 * hidden):
                gates_t[n, k] = 0.0
            continue
        for k in range(hidden):
            i = 1.0 / (1.0 + math.exp(-(gates_t[n, k] + rec[n, k])))
            f = 1.0 / (1.0 + math.exp(-(gates_t[n, hidden + k] + rec[n, hidden + k])))
            o = 1.0 / (1.0 + math.exp(-(gates_t[n, 2 * hidden + k] + rec[n, 2 * hidden + k])))
            g = math.tanh(gates_t[n, 3 * hidden + k] + rec[n, 3 * hidden + k])
            c = f * c_prev[n, k] + i * g
            gates_t[n, k] = i
            gates_t[n, hidden + k] = f
            gates_t[n, 2 * hidden + k] = o
            gates_t[n, 3 * hidden + k] = g
            c_t[n, k] = c
            h_t[n, k] = o * math.tanh(c)


@jit
def lstm_step_update_grad_input(grad_h_t, dh, dc, gates_t, c_t, c_prev, mask_t, dgates_t):
    """Gate gradients of one step; `dc` goes from grad w.r.t. c_t to grad w.r.t. c_prev."""
    n_rows, hidden = c_t.shape
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                dc[n, k] = 0.0
            for k in range(4 * hidden):
                dgates_t[n, k] = 0.0
            continue
        for k in range(hidden):
            i = gates_t[n, k]
            f = gates_t[n, hidden + k]
            o = gates_t[n, 2 * hidden + k]
            g = gates_t[n, 3 * hidden + k]
            tc = math.tanh(c_t[n, k])
            gh = grad_h_t[n, k] + dh[n, k]
            dcc = dc[n, k] + gh * o * (1.0 - tc * tc)
            dgates_t[n, k] = dcc * g * i * (1.0 - i)
            dgates_t[n, hidden + k] = dcc * c_prev[n, k] * f * (1.0 - f)
            dgates_t[n, 2 * hidden + k] = gh * tc * o * (1.0 - o)
            dgates_t[n, 3 * hidden + k] = dcc * i * (1.0 - g * g)
            dc[n, k] = dcc * f


@jit
def lstm_fused_update_output(gates, w_h, h0, c0, mask, h, c, rec):
    for t in range(gates.shape[0]):
        matmul_nt(h0 if t == 0 else h[t - 1], w_h, rec)
        lstm_step_update_output(gates[t], rec, c0 if t == 0 else c[t - 1], mask[t], c[t], h[t])


@jit
def lstm_fused_update_grad_input(grad_h, dh, dc, gates, c0, c, mask, w_h, dgates):
    for t in range(grad_h.shape[0] - 1, -1, -1):
        lstm_step_update_grad_input(grad_h[t], dh, dc, gates[t], c[t], c0 if t == 0 else c[t - 1], mask[t], dgates[t])
        matmul_nn(dgates[t], w_h, dh, False)


def lstm_update_output(gates, w_h, h0, c0, mask, h, c):
    """Forward over (T, N, 4H) gates (input projection on entry, activations on exit)."""
    if h0.shape[1] <= FUSED_MAX_HIDDEN:
        rec = np.empty((h0.shape[0], w_h.shape[0]), dtype=h0.dtype)
        lstm_fused_update_output(gates, w_h, h0, c0, mask, h, c, rec)
        return
    buffer = nt_buffer(h0.shape[0], w_h.shape[0], h0.dtype)
    for t in range(gates.shape[0]):
        rec = dot_nt(h0 if t == 0 else h[t - 1], w_h, buffer)
        lstm_step_update_output(gates[t], rec, c0 if t == 0 else c[t - 1], mask[t], c[t], h[t])


def lstm_update_grad_input(grad_h, dh, dc, gates, c0, c, mask, w_h, dgates):
    """BPTT into dgates (T, N, 4H); dh, dc carry the state gradients (in: from later steps, out: initial state)."""
    if c0.shape[1] <= FUSED_MAX_HIDDEN:
        lstm_fused_update_grad_input(grad_h, dh, dc, gates, c0, c, mask, w_h, dgates)
        return
    for t in range(grad_h.shape[0] - 1, -1, -1):
        lstm_step_update_grad_input(grad_h[t], dh, dc, gates[t], c[t], c0 if t == 0 else c[t - 1], mask[t], dgates[t])
        dot(dgates[t], w_h, dh)
