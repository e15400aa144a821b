"""`Cosine`: cosine similarity of the input to learned templates."""
import numpy as np

from .._checks import check_float_input, check_same_shape
from .._init import reset_uniform
from ..module import Module

EPS = 1e-12
"""Added to both norms (Torch7's guard against a zero vector)."""


class Cosine(Module):
    """y_j = w_j . x / (||w_j|| ||x||), for `output_size` templates w_j.

    `weight` is (output_size, input_size), template j in row j (Torch7's layout).

    Args:
        input_size: features per sample.
        output_size: number of templates.

    Shape:
        input (input_size,) or (N, input_size); output (output_size,) or (N, output_size).
    """

    def __init__(self, input_size: int, output_size: int):
        super().__init__()
        self.input_size, self.output_size = int(input_size), int(output_size)
        self.register_parameter("weight", np.zeros((self.output_size, self.input_size)))
        self.reset()

    def reset(self, stdv=None):
        """U(-a, a) with a = 1/sqrt(output_size) (Torch7 takes weight:size(1)), or stdv * sqrt(3) when given."""
        reset_uniform(stdv, self.output_size, self.weight)
        return self

    def _norms(self, x):
        eps = self.dtype.type(EPS)
        return (np.sqrt(np.einsum("ni,ni->n", x, x))[:, None] + eps,
                np.sqrt(np.einsum("ji,ji->j", self.weight, self.weight)) + eps)

    def update_output(self, input):
        check_float_input(self, input, (1, 2), self.input_size)
        x = input.reshape(1, -1) if input.ndim == 1 else input
        x_norm, w_norm = self._norms(x)
        out = x @ self.weight.T
        out /= w_norm
        out /= x_norm
        self.output = out[0] if input.ndim == 1 else out
        return self.output

    def _batch(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        x = input.reshape(1, -1) if input.ndim == 1 else input
        return x, grad_output.reshape(-1, self.output_size), self.output.reshape(-1, self.output_size), self._norms(x)

    def update_grad_input(self, input, grad_output):
        # dy_j/dx = w_j / (|w_j| |x|) - y_j x / |x|^2
        x, gy, y, (x_norm, w_norm) = self._batch(input, grad_output)
        gx = (gy / w_norm) @ self.weight
        gx -= x / x_norm * np.einsum("nj,nj->n", gy, y)[:, None]
        gx /= x_norm
        self.grad_input = gx.reshape(input.shape)
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        # dy_j/dw_j = x / (|w_j| |x|) - y_j w_j / |w_j|^2
        x, gy, y, (x_norm, w_norm) = self._batch(input, grad_output)
        g = gy.T @ (x / x_norm)
        g -= self.weight * (np.einsum("nj,nj->j", gy, y) / w_norm)[:, None]
        g /= w_norm[:, None]
        self.grad_weight += self.dtype.type(scale) * g

    def extra_repr(self):
        return f"{self.input_size} -> {self.output_size}"
