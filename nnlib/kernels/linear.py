"""Fully connected layer: each pass one kernel around BLAS GEMMs (`_gemm.gemm`), gradients accumulated in place.

The forward product x @ W^T is computed as W @ x^T and transposed into the
output where that is faster (`_gemm.transposed_pays`: small batches).
The caller checks shapes and dtypes (`Linear` does); the public functions
run the kernels with BLAS single-threaded, as numba's threads call it
(`_blas.single_threaded`).
"""
import numpy as np

from ._blas import single_threaded
from ._config import jit, jit_exact, jit_inline
from ._gemm import MIN_BLOCK_WORK, gemm


@jit
def _update_output(x, weight, bias, out, out_t):
    """out = x @ weight.T + bias, for x of shape (N, in); bias may be None.

    With `out_t` a (out, N) scratch array (else an empty one: an array either way, so one
    compilation serves both), the product is computed as weight @ x.T (for the shapes
    `_gemm.transposed_pays` picks).
    """
    n, n_out = out.shape
    if out_t.size == 0:
        gemm(x, weight.T, out, 1.0, 0.0, MIN_BLOCK_WORK)
        if bias is not None:
            for i in range(n):
                for j in range(n_out):
                    out[i, j] += bias[j]
        return
    gemm(weight, x.T, out_t, 1.0, 0.0, MIN_BLOCK_WORK)
    for i in range(n):
        for j in range(n_out):
            out[i, j] = out_t[j, i] if bias is None else out_t[j, i] + bias[j]


@jit
def _update_grad_input(grad_output, weight, grad_input):
    """grad_input = grad_output @ weight."""
    gemm(grad_output, weight, grad_input, 1.0, 0.0, MIN_BLOCK_WORK)


@jit_exact
def _acc_grad_parameters(x, grad_output, grad_weight, grad_bias, scale):
    """grad_weight += scale * grad_output.T @ x; grad_bias (or None) += scale * sum over the batch.

    `scale` has the arrays' dtype, so the bias gradient rounds as numpy's
    `grad_bias += scale * grad_output.sum(axis=0)`. Exact (no fastmath),
    because a kernel compiled from another takes on its caller's fastmath
    flags (see `_config.jit_exact`).
    """
    gemm(grad_output.T, x, grad_weight, scale, 1.0, MIN_BLOCK_WORK)
    if grad_bias is not None:
        acc_column_sums(grad_output, grad_bias, scale)


@jit_inline(exact=True)
def acc_column_sums(values, sums, scale):
    """sums += scale * values.sum(axis=0), rounded as that numpy expression (rows added in order)."""
    n, c = values.shape
    total = np.zeros(c, dtype=sums.dtype)
    for i in range(n):
        for j in range(c):
            total[j] += values[i, j]
    for j in range(c):
        sums[j] += total[j] if scale == 1 else scale * total[j]


def parameters_fit(weight, bias, n_in, dtype):
    """Whether `weight` is an (out, n_in) matrix and `bias` (out,) or None, both of `dtype`: what the
    kernels need of a layer's parameters (callers check once, before calling them)."""
    return (isinstance(weight, np.ndarray) and weight.ndim == 2 and weight.shape[1] == n_in
            and weight.dtype == dtype
            and (bias is None or isinstance(bias, np.ndarray) and bias.shape == weight.shape[:1]
                 and bias.dtype == dtype))


def linear_update_output(x, weight, bias, out, out_t):
    """out = x @ weight.T + bias, through weight @ x.T into `out_t` unless that is None (see `_update_output`)."""
    if out_t is None:
        out_t = np.empty((0, 0), out.dtype)
    single_threaded(_update_output, x, weight, bias, out, out_t)


def linear_update_grad_input(grad_output, weight, grad_input):
    """grad_input = grad_output @ weight."""
    single_threaded(_update_grad_input, grad_output, weight, grad_input)


def linear_acc_grad_parameters(x, grad_output, grad_weight, grad_bias, scale):
    """grad_weight += scale * grad_output.T @ x, grad_bias likewise (see `_acc_grad_parameters`)."""
    single_threaded(_acc_grad_parameters, x, grad_output, grad_weight, grad_bias, scale)
