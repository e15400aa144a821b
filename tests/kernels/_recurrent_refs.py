"""Plain-numpy step-by-step references for the recurrent cell kernels (masks included)."""
import numpy as np


def sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def random_mask(rng, steps, n):
    mask = (rng.random((steps, n)) > 0.25).astype(np.uint8)
    mask[0, 0] = 0
    return mask


def lstm_forward(xproj, w_h, h0, c0, mask):
    hidden = h0.shape[1]
    h_prev, c_prev = h0, c0
    hs, cs, gs = [], [], []
    for t in range(xproj.shape[0]):
        pre = xproj[t] + h_prev @ w_h.T
        i, f, o = sig(pre[:, :hidden]), sig(pre[:, hidden:2 * hidden]), sig(pre[:, 2 * hidden:3 * hidden])
        g = np.tanh(pre[:, 3 * hidden:])
        c = f * c_prev + i * g
        h = o * np.tanh(c)
        keep = mask[t][:, None].astype(bool)
        h, c = np.where(keep, h, 0), np.where(keep, c, 0)
        gs.append(np.where(keep, np.concatenate([i, f, o, g], axis=1), 0))
        hs.append(h)
        cs.append(c)
        h_prev, c_prev = h, c
    return np.array(hs), np.array(cs), np.array(gs)


def lstm_backward(grad_h, gates, h0, c0, h, c, mask, w_h):
    dh, dc = np.zeros_like(h0), np.zeros_like(c0)
    dgates = np.zeros_like(gates)
    for t in range(grad_h.shape[0] - 1, -1, -1):
        keep = mask[t][:, None].astype(bool)
        c_prev = c0 if t == 0 else c[t - 1]
        i, f, o, g = np.split(gates[t], 4, axis=1)
        gh = grad_h[t] + dh
        tc = np.tanh(c[t])
        dcc = dc + gh * o * (1 - tc ** 2)
        dg = np.concatenate([dcc * g * i * (1 - i), dcc * c_prev * f * (1 - f), gh * tc * o * (1 - o),
                             dcc * i * (1 - g ** 2)], axis=1)
        dgates[t] = np.where(keep, dg, 0)
        dc = np.where(keep, dcc * f, 0)
        dh = dgates[t] @ w_h
    return dgates, dh, dc


def gru_forward(xg, w_h, b_h, h0, mask):
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


def gru_backward(grad_h, gates, hn, h0, h, mask, w_h):
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
