"""`Euclidean`: distances from the input to learned templates."""
import numpy as np

from ...kernels import euclidean as K
from .._init import reset_uniform
from ..module import Module
from ._distance import as_batch, grad_over_distance


class Euclidean(Module):
    """y_j = || x - w_j ||, the distance to each of `output_size` templates w_j.

    `weight` is (input_size, output_size): template j is column j (Torch7's layout).

    Args:
        input_size: features per sample.
        output_size: number of templates.

    Shape:
        input (input_size,) or (N, input_size); output (output_size,) or (N, output_size).
    """

    def __init__(self, input_size: int, output_size: int):
        super().__init__()
        self.input_size, self.output_size = int(input_size), int(output_size)
        self.register_parameter("weight", np.zeros((self.input_size, self.output_size)))
        self.reset()

    def reset(self, stdv=None):
        """U(-a, a) with a = 1/sqrt(input_size), or stdv * sqrt(3) when given (Torch7)."""
        reset_uniform(stdv, self.input_size, self.weight)
        return self

    def update_output(self, input):
        x = as_batch(self, input)
        out = self._buffer("_out", (x.shape[0], self.output_size))
        K.euclidean_update_output(x, self.weight, out)
        self.output = out[0] if input.ndim == 1 else out
        return self.output

    def update_grad_input(self, input, grad_output):
        # dy_j/dx = (x - w_j) / y_j:  grad_input = x * sum_j d_j - d @ W^T
        x, d = as_batch(self, input), grad_over_distance(self, grad_output)
        gx = x * d.sum(axis=1, keepdims=True)
        gx -= d @ self.weight.T
        self.grad_input = gx.reshape(input.shape)
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        # dy_j/dw_j = (w_j - x) / y_j:  grad_weight += scale * (W * sum_n d - x^T @ d)
        x, d = as_batch(self, input), grad_over_distance(self, grad_output)
        g = self.weight * d.sum(axis=0)
        g -= x.T @ d
        self.grad_weight += self.dtype.type(scale) * g

    def extra_repr(self):
        return f"{self.input_size} -> {self.output_size}"
