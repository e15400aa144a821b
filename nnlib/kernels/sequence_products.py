"""The batched matrix products around a recurrent cell, shared by RNN, LSTM and GRU.

A cell's input projection is a Linear over all T*N rows of the sequence at
once, and so is its recurrent weight gradient; only the recurrent product of
the forward and backward passes has to run step by step.
"""
import numpy as np

from . import linear as L
from ._gemm import dot, transposed_pays


def project_input(x, weight, bias, out):
    """out (T, N, G) = x (T, N, I) @ weight.T + bias."""
    _check(x, weight, bias)
    rows = x.shape[0] * x.shape[1]
    out_t = np.empty((weight.shape[0], rows), dtype=out.dtype) if transposed_pays(rows, weight.shape[0]) else None
    L.linear_update_output(x.reshape(rows, -1), weight, bias, out.reshape(rows, -1), out_t)


def project_input_backward(x, weight, grad_out, grad_weight, grad_bias, scale):
    """The gradient w.r.t. x (T, N, I); adds scale x the weight and bias gradients unless scale is 0."""
    _check(x, weight, None)
    rows = x.shape[0] * x.shape[1]
    grad_out = grad_out.reshape(rows, -1)
    dx = np.empty(x.shape, dtype=x.dtype)
    L.linear_update_grad_input(grad_out, weight, dx.reshape(rows, -1))
    if scale != 0:
        _check(x, grad_weight, grad_bias)
        L.linear_acc_grad_parameters(x.reshape(rows, -1), grad_out, grad_weight, grad_bias,
                                     grad_weight.dtype.type(scale))
    return dx


def _check(x, weight, bias):
    if not L.parameters_fit(weight, bias, x.shape[-1], x.dtype):
        raise ValueError(f"input projection: {x.dtype} inputs of shape {x.shape} do not fit weight "
                         f"{weight.dtype} {weight.shape}" + ("" if bias is None else f" and bias {bias.shape}"))


def acc_recurrent_weight(h0, h, grad_gates, grad_weight, scale):
    """grad_weight += scale * sum over steps of grad_gates[t].T @ h[t - 1] (h[-1] = h0)."""
    rows = h.shape[0] * h.shape[1]
    h_prev = np.concatenate([h0[None], h[:-1]]).reshape(rows, -1)
    dot(grad_gates.reshape(rows, -1).T, h_prev, grad_weight, alpha=scale, beta=1.0)
