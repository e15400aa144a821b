"""Fully connected layer: BLAS GEMMs through numpy, in place (split over threads by `_gemm.dot`)."""
from ._gemm import dot


def linear_update_output(x, weight, bias, out):
    """out = x @ weight.T + bias, for x of shape (N, in)."""
    dot(x, weight.T, out)
    if bias is not None:
        out += bias


def linear_update_grad_input(grad_output, weight, grad_input):
    """grad_input = grad_output @ weight."""
    dot(grad_output, weight, grad_input)


def linear_acc_grad_parameters(x, grad_output, grad_weight, grad_bias, scale, work):
    """grad_weight += scale * grad_output.T @ x; grad_bias += scale * sum over the batch.

    `work` is a scratch array shaped like grad_weight.
    """
    dot(grad_output.T, x, work)
    if scale != 1:
        work *= scale
    grad_weight += work
    if grad_bias is not None:
        if scale != 1:
            grad_bias += scale * grad_output.sum(axis=0)
        else:
            grad_bias += grad_output.sum(axis=0)
