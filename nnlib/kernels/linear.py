"""Fully connected layer: each pass one kernel around BLAS GEMMs (`_gemm.gemm`), gradients accumulated in place.

The forward product x @ W^T is computed as W @ x^T and transposed into the
output where that is faster (`_gemm.transposed_pays`: small batches).
Each pass returns `gemm`'s status: 0, or 1 when the arrays do not fit. The
public functions run the kernels with BLAS single-threaded, as numba's
threads call it (`_gemm.with_single_threaded_blas`).
"""
import numpy as np
from numba.core.errors import TypingError

from ._config import jit, jit_exact
from ._gemm import MIN_BLOCK_WORK, gemm, with_single_threaded_blas


@jit
def _update_output(x, weight, bias, out, out_t):
    """out = x @ weight.T + bias, for x of shape (N, in); bias may be None.

    With `out_t`, a (out, N) scratch array (else None), the product is
    computed as weight @ x.T (for the shapes `_gemm.transposed_pays` picks).
    """
    n, n_out = out.shape
    if out_t is None:
        status = gemm(x, weight.T, out, 1.0, 0.0, MIN_BLOCK_WORK)
        if status == 0 and bias is not None:
            for i in range(n):
                for j in range(n_out):
                    out[i, j] += bias[j]
        return status
    status = gemm(weight, x.T, out_t, 1.0, 0.0, MIN_BLOCK_WORK)
    if status == 0:
        for i in range(n):
            for j in range(n_out):
                out[i, j] = out_t[j, i] if bias is None else out_t[j, i] + bias[j]
    return status


@jit
def _update_grad_input(grad_output, weight, grad_input):
    """grad_input = grad_output @ weight."""
    return gemm(grad_output, weight, grad_input, 1.0, 0.0, MIN_BLOCK_WORK)


@jit_exact
def _acc_grad_parameters(x, grad_output, grad_weight, grad_bias, scale):
    """grad_weight += scale * grad_output.T @ x; grad_bias (or None) += scale * sum over the batch.

    `scale` has the arrays' dtype, so the bias gradient rounds as numpy's
    `grad_bias += scale * grad_output.sum(axis=0)`. Exact (no fastmath),
    because a kernel compiled from another takes on its caller's fastmath
    flags (see `_config.jit_exact`).
    """
    status = gemm(grad_output.T, x, grad_weight, scale, 1.0, MIN_BLOCK_WORK)
    if status == 0 and grad_bias is not None:
        acc_column_sums(grad_output, grad_bias, scale)
    return status


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


def _status(kernel, *args):
    """kernel(*args) with BLAS single-threaded; 1 also for arrays of mixed dtypes, which numba cannot type."""
    try:
        return with_single_threaded_blas(kernel, *args)
    except TypingError:
        return 1


def linear_update_output(x, weight, bias, out, out_t):
    """out = x @ weight.T + bias (see `_update_output`); 0, or 1 when the arrays do not fit."""
    return _status(_update_output, x, weight, bias, out, out_t)


def linear_update_grad_input(grad_output, weight, grad_input):
    """grad_input = grad_output @ weight; 0, or 1 when the arrays do not fit."""
    return _status(_update_grad_input, grad_output, weight, grad_input)


def linear_acc_grad_parameters(x, grad_output, grad_weight, grad_bias, scale):
    """grad_weight += scale * grad_output.T @ x, grad_bias likewise (see `_acc_grad_parameters`)."""
    return _status(_acc_grad_parameters, x, grad_output, grad_weight, grad_bias, scale)
