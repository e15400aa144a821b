"""The weight-norm re-parameterisation w = g * v / ||v|| (per output row), shared by LinearWeightNorm
and WeightNorm (Salimans & Kingma 2016)."""
import numpy as np


def row_norms(v):
    """||v_i|| for each row of a 2-D array."""
    return np.sqrt(np.einsum("ij,ij->i", v, v))


def acc_weight_norm_grads(v, g, norm, grad_w, grad_v, grad_g):
    """Accumulate dL/dv and dL/dg from dL/dw, all 2-D (rows = output units) but g, norm, grad_g (rows,).

    dL/dg_i = dL/dw_i . v_i / ||v_i||;   dL/dv_i = (g_i / ||v_i||) (dL/dw_i - dL/dg_i v_i / ||v_i||).
    """
    proj = np.einsum("ij,ij->i", grad_w, v) / norm
    grad_g += proj
    s = g / norm
    grad_v += s[:, None] * grad_w - (s * proj / norm)[:, None] * v
