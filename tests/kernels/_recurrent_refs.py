"""Plain-numpy step-by-step references for the recurrent cell kernels (masks included)."""
import numpy as np


def sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def random_mask(rng, steps, n):
    mask = (rng.random((steps, n)) > 0.25).astype(np.uint8)
    mask[0, 0] = 0
    return mask


def lstm_forward(xproj, w_h, h0, c0, mask, peep, w_p):
    """Peepholes `peep` (3, H) on i, f (c_prev) and o (c); projection `w_p` (P, H) or None."""
    hidden = c0.shape[1]
    h_prev, c_prev = h0, c0
    hs, cs, gs, rs = [], [], [], []
    for t in range(xproj.shape[0]):
        pre = xproj[t] + h_prev @ w_h.T
        i = sig(pre[:, :hidden] + peep[0] * c_prev)
        f = sig(pre[:, hidden:2 * hidden] + peep[1] * c_prev)
        g = np.tanh(pre[:, 3 * hidden:])
        c = f * c_prev + i * g
        o = sig(pre[:, 2 * hidden:3 * hidden] + peep[2] * c)
        r = o * np.tanh(c)
        h = r if w_p is None else r @ w_p.T
        keep = mask[t][:, None].astype(bool)
        h, c, r = np.where(keep, h, 0), np.where(keep, c, 0), np.where(keep, r, 0)
        gs.append(np.where(keep, np.concatenate([i, f, o, g], axis=1), 0))
        hs.append(h)
        cs.append(c)
        rs.append(r)
        h_prev, c_prev = h, c
    return np.array(hs), np.array(cs), np.array(gs), np.array(rs)


def lstm_backward(grad_h, gates, h0, c0, h, c, mask, w_h, peep, w_p):
    dh, dc = np.zeros_like(h0), np.zeros_like(c0)
    dgates = np.zeros_like(gates)
    for t in range(grad_h.shape[0] - 1, -1, -1):
        keep = mask[t][:, None].astype(bool)
        c_prev = c0 if t == 0 else c[t - 1]
        i, f, o, g = np.split(gates[t], 4, axis=1)
        gh = grad_h[t] + dh
        if w_p is not None:
            gh = gh @ w_p
        tc = np.tanh(c[t])
        do = gh * tc * o * (1 - o)
        dcc = dc + gh * o * (1 - tc ** 2) + do * peep[2]
        di, df = dcc * g * i * (1 - i), dcc * c_prev * f * (1 - f)
        dg = np.concatenate([di, df, do, dcc * i * (1 - g ** 2)], axis=1)
        dgates[t] = np.where(keep, dg, 0)
        dc = np.where(keep, dcc * f + di * peep[0] + df * peep[1], 0)
        dh = dgates[t] @ w_h
    return dgates, dh, dc


def rnn_gru_forward(xg, w_h, h0, mask):
    """rnn's GRU: n = tanh(xg_n + (r h_prev) W_n^T)."""
    hidden = h0.shape[1]
    h_prev = h0
    hs, gs, rhs = [], [], []
    for t in range(xg.shape[0]):
        rz = sig(xg[t, :, :2 * hidden] + h_prev @ w_h[:2 * hidden].T)
        r, z = rz[:, :hidden], rz[:, hidden:]
        rh = r * h_prev
        nv = np.tanh(xg[t, :, 2 * hidden:] + rh @ w_h[2 * hidden:].T)
        h = (1 - z) * nv + z * h_prev
        keep = mask[t][:, None].astype(bool)
        h = np.where(keep, h, 0)
        gs.append(np.where(keep, np.concatenate([r, z, nv], axis=1), 0))
        rhs.append(np.where(keep, rh, 0))
        hs.append(h)
        h_prev = h
    return np.array(hs), np.array(gs), np.array(rhs)


def rnn_gru_backward(grad_h, gates, h0, h, mask, w_h):
    hidden = h0.shape[1]
    dh = np.zeros_like(h0)
    dgates = np.zeros_like(gates)
    for t in range(grad_h.shape[0] - 1, -1, -1):
        keep = mask[t][:, None].astype(bool)
        h_prev = h0 if t == 0 else h[t - 1]
        r, z, nv = np.split(gates[t], 3, axis=1)
        gh = grad_h[t] + dh
        dn = gh * (1 - z) * (1 - nv ** 2)
        dz = gh * (h_prev - nv) * z * (1 - z)
        drh = dn @ w_h[2 * hidden:]
        dr = drh * h_prev * r * (1 - r)
        dgates[t] = np.where(keep, np.concatenate([dr, dz, dn], axis=1), 0)
        dh = np.where(keep, gh * z + drh * r, 0) + dgates[t][:, :2 * hidden] @ w_h[:2 * hidden]
    return dgates, dh


def torch_gru_forward(xg, w_h, b_h, h0, mask):
    hidden = h0.shape[1]
    h_prev = h0
    hs, gs, hns = [], [], []
    for t in range(xg.shape[0]):
        hg = h_prev @ w_h.T + b_h
        r = sig(xg[t, :, :hidden] + hg[:, :hidden])
        z = sig(xg[t, :, hidden:2 * hidden] + hg[:, hidden:2 * hidden])
        nv = np.tanh(xg[t, :, 2 * hidden:] + r * hg[:, 2 * hidden:])
        h = (1 - z) * nv + z * h_prev
        keep = mask[t][:, None].astype(bool)
        h = np.where(keep, h, 0)
        gs.append(np.where(keep, np.concatenate([r, z, nv], axis=1), 0))
        hns.append(np.where(keep, hg[:, 2 * hidden:], 0))
        hs.append(h)
        h_prev = h
    return np.array(hs), np.array(gs), np.array(hns)


def torch_gru_backward(grad_h, gates, hn, h0, h, mask, w_h):
    dh = np.zeros_like(h0)
    dxg, dhg = np.zeros_like(gates), np.zeros_like(gates)
    for t in range(grad_h.shape[0] - 1, -1, -1):
        keep = mask[t][:, None].astype(bool)
        h_prev = h0 if t == 0 else h[t - 1]
        r, z, nv = np.split(gates[t], 3, axis=1)
        gh = grad_h[t] + dh
        dn = gh * (1 - z) * (1 - nv ** 2)
        dr = dn * hn[t] * r * (1 - r)
        dz = gh * (h_prev - nv) * z * (1 - z)
        dxg[t] = np.where(keep, np.concatenate([dr, dz, dn], axis=1), 0)
        dhg[t] = np.where(keep, np.concatenate([dr, dz, dn * r], axis=1), 0)
        dh = np.where(keep, gh * z, 0) + dhg[t] @ w_h
    return dxg, dhg, dh


def rnn_forward(xproj, w_h, b_h, start, h0, fresh, mask, f):
    h_prev, fresh = h0, fresh.astype(bool).copy()
    hs, used = [], []
    for t in range(xproj.shape[0]):
        pre = np.where(fresh[:, None], xproj[t] + start, xproj[t] + h_prev @ w_h.T + b_h)
        keep = mask[t].astype(bool)
        h = np.where(keep[:, None], f(pre), 0)
        used.append(fresh & keep)
        fresh = ~keep
        hs.append(h)
        h_prev = h
    return np.array(hs), np.array(used).astype(np.uint8), fresh.astype(np.uint8)


def rnn_backward(grad_h, h, used, mask, w_h, fprime):
    dh = np.zeros_like(h[0])
    dpre = np.zeros_like(h)
    for t in range(grad_h.shape[0] - 1, -1, -1):
        keep = mask[t][:, None].astype(bool)
        dpre[t] = np.where(keep, (grad_h[t] + dh) * fprime(h[t]), 0)
        dh = np.where(keep & ~used[t][:, None].astype(bool), dpre[t] @ w_h, 0)
    return dpre, dh
