"""rnn's MuFuRu cell (multi-function recurrent unit) over a whole time-major sequence.

With J composition ops, input projections xg = x W_x^T + b (N, (J+2)H) in the
order reset, op weights, feature [r | p_0 .. p_{J-1} | v], and W_h ((J+2)H, H)
split into W_rp ((J+1)H, H) and W_v (H, H):
    r = sigmoid(xg_r + s_prev W_r^T),
    p_j = softmax over j of (xg_pj + s_prev W_pj^T) (per unit),
    v = sigmoid(xg_v + (r s_prev) W_v^T),
    s = sum_j p_j op_j(s_prev, v).
rnn's feature layer is a Sigmoid (its README's formula says tanh; the code is
the specification). The ops, by code (`OPS[name]`): keep s_prev, replace v,
mul s_prev v, diff s_prev - v, forget 0, sqrt_diff 0.25 sqrt|s_prev - v|,
max, min; their gradients are Torch's: sqrt_diff's is 0 where s_prev = v
(nn.Sqrt's rule), max and min send a tie's gradient to s_prev (torch.max keeps
the first). `gates[t]` keeps r, p, v and `rs[t]` keeps r s_prev for backward.
A masked step (mask 0) outputs zeros and zeroes the row's state.
"""
import math

from ._config import jit, jit_inline
from ._vmath import vexp, vsigmoid
from ._blas import single_threaded
from ._matmul import step_product_nn, step_product_nt

OPS = {"keep": 0, "replace": 1, "mul": 2, "diff": 3, "forget": 4, "sqrt_diff": 5, "max": 6, "min": 7}


@jit_inline
def _op(code, s, v):
    """op(s_prev, v) and its partial derivatives (d/ds, d/dv)."""
    if code == 0:
        return s, 1.0, 0.0
    if code == 1:
        return v, 0.0, 1.0
    if code == 2:
        return s * v, v, s
    if code == 3:
        return s - v, 1.0, -1.0
    if code == 4:
        return 0.0 * s, 0.0, 0.0
    if code == 5:
        d = s - v
        root = math.sqrt(abs(d))
        if root == 0.0:
            return 0.0 * s, 0.0, 0.0
        g = 0.125 / root if d >= 0 else -0.125 / root
        return 0.25 * root, g, -g
    if code == 6:
        if v > s:
            return v, 0.0, 1.0
        return s, 1.0, 0.0
    if v < s:
        return v, 0.0, 1.0
    return s, 1.0, 0.0


@jit_inline
def mufuru_step_gates(xg_t, rec, h_prev, ops, mask_t, gates_t, rs_t):
    """r and the op weights p from `rec` = s_prev W_rp^T; rs = r s_prev."""
    n_rows, hidden = rs_t.shape
    n_ops = ops.size
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                rs_t[n, k] = 0.0
            for k in range((n_ops + 2) * hidden):
                gates_t[n, k] = 0.0
            continue
        for k in range(hidden):
            r = vsigmoid(xg_t[n, k] + rec[n, k])
            gates_t[n, k] = r
            rs_t[n, k] = r * h_prev[n, k]
        for k in range(hidden):
            top = xg_t[n, hidden + k] + rec[n, hidden + k]
            for j in range(1, n_ops):
                a = xg_t[n, (j + 1) * hidden + k] + rec[n, (j + 1) * hidden + k]
                if a > top:
                    top = a
            total = 0.0
            for j in range(n_ops):
                col = (j + 1) * hidden + k
                e = vexp(xg_t[n, col] + rec[n, col] - top)
                gates_t[n, col] = e
                total += e
            for j in range(n_ops):
                gates_t[n, (j + 1) * hidden + k] /= total


@jit_inline
def mufuru_step_output(xg_t, rec_v, h_prev, ops, mask_t, gates_t, h_t):
    """v from `rec_v` = rs W_v^T, then s = sum_j p_j op_j(s_prev, v)."""
    n_rows, hidden = h_t.shape
    n_ops = ops.size
    vcol = (n_ops + 1) * hidden
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                h_t[n, k] = 0.0
            continue
        for k in range(hidden):
            v = vsigmoid(xg_t[n, vcol + k] + rec_v[n, k])
            gates_t[n, vcol + k] = v
            s = h_prev[n, k]
            total = 0.0
            for j in range(n_ops):
                o, _, _ = _op(ops[j], s, v)
                total += gates_t[n, (j + 1) * hidden + k] * o
            h_t[n, k] = total


@jit_inline
def mufuru_step_grad_ops(grad_h_t, dh, gates_t, h_prev, ops, mask_t, dgates_t, gh):
    """Gradients of the op weights' and the feature's pre-activations; gh = the ops' part of grad s_prev."""
    n_rows, hidden = gh.shape
    n_ops = ops.size
    vcol = (n_ops + 1) * hidden
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                gh[n, k] = 0.0
            for k in range((n_ops + 2) * hidden):
                dgates_t[n, k] = 0.0
            continue
        for k in range(hidden):
            g = grad_h_t[n, k] + dh[n, k]
            s = h_prev[n, k]
            v = gates_t[n, vcol + k]
            ds = 0.0
            dv = 0.0
            weighted = 0.0  # sum_j p_j dp_j
            for j in range(n_ops):
                p = gates_t[n, (j + 1) * hidden + k]
                o, os_, ov = _op(ops[j], s, v)
                dp = g * o
                dgates_t[n, (j + 1) * hidden + k] = dp
                weighted += p * dp
                ds += g * p * os_
                dv += g * p * ov
            for j in range(n_ops):
                col = (j + 1) * hidden + k
                dgates_t[n, col] = gates_t[n, col] * (dgates_t[n, col] - weighted)
            dgates_t[n, vcol + k] = dv * v * (1.0 - v)
            gh[n, k] = ds


@jit_inline
def mufuru_step_grad_reset(drs, gh, gates_t, h_prev, mask_t, dgates_t, dh):
    """dr from `drs` = dv' W_v; dh = gh + drs r (the caller adds d[r|p] W_rp)."""
    n_rows, hidden = gh.shape
    for n in range(n_rows):
        if mask_t[n] == 0:
            for k in range(hidden):
                dh[n, k] = 0.0
            continue
        for k in range(hidden):
            r = gates_t[n, k]
            dgates_t[n, k] = drs[n, k] * h_prev[n, k] * r * (1.0 - r)
            dh[n, k] = gh[n, k] + drs[n, k] * r


@jit
def _mufuru_update_output(xg, w_rp, w_v, h0, ops, mask, gates, rs, h, rec, rec_v, inline, scratch, scratch_v):
    for t in range(xg.shape[0]):
        h_prev = h0 if t == 0 else h[t - 1]
        step_product_nt(h_prev, w_rp, rec, inline, scratch)
        mufuru_step_gates(xg[t], rec, h_prev, ops, mask[t], gates[t], rs[t])
        step_product_nt(rs[t], w_v, rec_v, inline, scratch_v)
        mufuru_step_output(xg[t], rec_v, h_prev, ops, mask[t], gates[t], h[t])


@jit
def _mufuru_update_grad_input(grad_h, dh, gates, h0, h, ops, mask, w_rp, w_v, dgates, gh, drs, inline):
    vcol = w_rp.shape[0]
    for t in range(grad_h.shape[0] - 1, -1, -1):
        h_prev = h0 if t == 0 else h[t - 1]
        mufuru_step_grad_ops(grad_h[t], dh, gates[t], h_prev, ops, mask[t], dgates[t], gh)
        step_product_nn(dgates[t][:, vcol:], w_v, drs, False, inline)
        mufuru_step_grad_reset(drs, gh, gates[t], h_prev, mask[t], dgates[t], dh)
        step_product_nn(dgates[t][:, :vcol], w_rp, dh, True, inline)


def mufuru_update_output(xg, w_h, h0, ops, mask, gates, rs, h, inline, work):
    """Forward over (T, N, (J+2)H) input projections, all steps in one call; `ops` the (J,) int64 op codes.
    `inline`: the step products in inline loops, else BLAS; `work`: (rec (N, (J+1)H), rec_v (N, H), the
    scratch of the (N, H) by ((J+1)H, H) and by (H, H) products), as `nnlib.plans.MuFuRuPlan` holds them."""
    n, hidden = h0.shape
    vcol = (ops.size + 1) * hidden
    w_rp, w_v = w_h[:vcol], w_h[vcol:]
    rec, rec_v, scratch, scratch_v = work
    single_threaded(_mufuru_update_output, xg, w_rp, w_v, h0, ops, mask, gates, rs, h, rec, rec_v, inline,
                    scratch, scratch_v)


def mufuru_update_grad_input(grad_h, dh, gates, h0, h, ops, mask, w_h, dgates, inline, work):
    """BPTT into dgates (T, N, (J+2)H), all steps in one call; `dh` carries the state gradient (in: from later
    steps, out: initial state). `inline` as in mufuru_update_output; `work`: (gh, drs), (N, H) each."""
    n, hidden = h0.shape
    vcol = (ops.size + 1) * hidden
    w_rp, w_v = w_h[:vcol], w_h[vcol:]
    gh, drs = work
    single_threaded(_mufuru_update_grad_input, grad_h, dh, gates, h0, h, ops, mask, w_rp, w_v, dgates, gh, drs,
                    inline)
