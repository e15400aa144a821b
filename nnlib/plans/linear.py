"""The plan of a fully connected layer (`Linear`) for one batch size."""
import numpy as np

from ..kernels import linear as K
from ..kernels._gemm import transposed_pays
from ..kernels._memory import empty_aligned


class LinearPlan:
    """y = x W^T + b for `rows` samples: which GEMM form, its work arrays and the three passes.

    The forward product is x @ W^T, or W @ x^T transposed into the output where OpenBLAS runs that
    faster (`_gemm.transposed_pays`: a few rows against many outputs); the backward passes are one
    GEMM each.

    Args:
        rows: samples in the batch.
        input_size, output_size: the layer's sizes.
        dtype: float32 or float64.
    """

    def __init__(self, rows, input_size, output_size, dtype):
        self.key = (rows, np.dtype(dtype))
        self.transposed = transposed_pays(rows, output_size)
        self.output = empty_aligned((rows, output_size), dtype)
        self.output_t = empty_aligned((output_size, rows), dtype) if self.transposed else None
        self.grad_input_rows = None  # allocated by the first grad_input (a first layer never asks)
        self.input_size = input_size

    def forward(self, x, weight, bias):
        """The (rows, output_size) output for x (rows, input_size); bias may be None."""
        K.linear_update_output(x, weight, bias, self.output, self.output_t)
        return self.output

    def grad_input(self, grad_output, weight):
        """The (rows, input_size) gradient w.r.t. the input."""
        if self.grad_input_rows is None:
            self.grad_input_rows = empty_aligned((grad_output.shape[0], self.input_size), self.output.dtype)
        K.linear_update_grad_input(grad_output, weight, self.grad_input_rows)
        return self.grad_input_rows

    def acc_grad(self, x, grad_output, grad_weight, grad_bias, scale):
        """grad_weight += scale * grad_output^T x; grad_bias (or None) += scale * column sums of grad_output."""
        K.linear_acc_grad_parameters(x, grad_output, grad_weight, grad_bias, grad_weight.dtype.type(scale))
