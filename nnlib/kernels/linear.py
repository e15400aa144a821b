"""Fully connected layer: BLAS GEMMs in place (`_gemm.dot`), the weight gradient accumulated by the GEMM.

The forward product x @ W^T is computed as W @ x^T and transposed into the
output where that is faster (`_gemm.transposed_pays`: small batches).
"""
import numpy as np

from ._config import jit, jit_exact
from ._gemm import dot


@jit
def _transpose_add_bias(out_t, bias, out):
    """out[i, j] = out_t[j, i] + bias[j]."""
    n_out, n = out_t.shape
    for i in range(n):
        for j in range(n_out):
            out[i, j] = out_t[j, i] + bias[j]


def linear_update_output(x, weight, bias, out, out_t=None):
    """out = x @ weight.T + bias, for x of shape (N, in).

    With `out_t`, a (out, N) scratch array, the product is computed as
    weight @ x.T (for the shapes `_gemm.transposed_pays` picks).
    """
    if out_t is None:
        dot(x, weight.T, out)
        if bias is not None:
            out += bias
        return
    dot(weight, x.T, out_t)
    if bias is None:
        out[...] = out_t.T
    else:
        _transpose_add_bias(out_t, bias, out)


def linear_update_grad_input(grad_output, weight, grad_input):
    """grad_input = grad_output @ weight."""
    dot(grad_output, weight, grad_input)


def linear_acc_grad_parameters(x, grad_output, grad_weight, grad_bias, scale):
    """grad_weight += scale * grad_output.T @ x; grad_bias += scale * sum over the batch."""
    dot(grad_output.T, x, grad_weight, alpha=scale, beta=1.0)
    if grad_bias is not None:
        acc_column_sums(grad_output, grad_bias, grad_bias.dtype.type(scale))


@jit_exact
def acc_column_sums(values, sums, scale):
    """sums += scale * values.sum(axis=0), rounded as that numpy expression (rows added in order)."""
    n, c = values.shape
    total = np.zeros(c, dtype=sums.dtype)
    for i in range(n):
        for j in range(c):
            total[j] += values[i, j]
    for j in range(c):
        sums[j] += total[j] if scale == 1 else scale * total[j]
