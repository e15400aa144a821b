"""Fully connected layer: BLAS GEMMs in place (`_gemm.dot`), the weight gradient accumulated by the GEMM.

The forward product x @ W^T has two BLAS formulations. For a few rows,
OpenBLAS multiplies by the transposed weight slowly: W @ x^T followed by a
transpose into the output measured 1.5-3x faster at batch 10-20 (784 -> 200,
200 -> 10000, 1024 -> 4096) and slower from batch 128 on. The choice depends on
shapes only, so results stay reproducible.
"""
from ._config import jit
from ._gemm import dot

TRANSPOSED_MAX_BATCH = 64


def use_transposed_product(batch, output_size):
    """Whether `linear_update_output` should compute W @ x^T (small batch, wide output)."""
    return batch <= TRANSPOSED_MAX_BATCH and output_size >= 2 * batch


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
    weight @ x.T (see `use_transposed_product`).
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
        if scale != 1:
            grad_bias += scale * grad_output.sum(axis=0)
        else:
            grad_bias += grad_output.sum(axis=0)
