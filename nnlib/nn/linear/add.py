"""`Add`: adds a learned bias (Torch's nn.Add), e.g. Recurrent's start module."""
import numpy as np

from .._checks import check_float_input, check_same_shape
from .._init import reset_uniform
from ..module import Module


class Add(Module):
    """y = x + bias: a learned bias vector over the last axis, or one learned scalar.

    Args:
        input_size: size of the last axis (the bias length).
        scalar: learn a single value added to every element (`bias` has shape (1,)).

    Shape:
        (input_size,) or (N, input_size), any shape with `scalar`; output as input.
    """

    scalar = False  # models saved before `scalar` existed

    def __init__(self, input_size: int, scalar: bool = False):
        super().__init__()
        self.size = int(input_size)
        self.scalar = bool(scalar)
        self.register_parameter("bias", np.zeros(1 if self.scalar else self.size))
        self.reset()

    def reset(self, stdv=None):
        """Torch7's init: U(-a, a), a = 1/sqrt(n) (n the bias length), or stdv * sqrt(3) when given."""
        reset_uniform(stdv, self.bias.size, self.bias)
        return self

    def update_output(self, input):
        if self.scalar:
            check_float_input(self, input, range(1, 9))
        else:
            check_float_input(self, input, (1, 2), self.size)
        out = self._buffer("_out", input.shape)
        np.add(input, self.bias, out=out)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        self.grad_input = grad_output
        return grad_output

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        g = grad_output.sum() if self.scalar else grad_output.reshape(-1, self.size).sum(axis=0)
        self.grad_bias += self.dtype.type(scale) * g

    def extra_repr(self):
        return f"{self.size}" + (", scalar" if self.scalar else "")
