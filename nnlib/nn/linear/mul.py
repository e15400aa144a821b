"""`Mul`: multiplies the input by one learned scalar."""
import numpy as np

from .._checks import check_same_shape
from .._init import reset_uniform
from ..module import Module
from ._broadcast import check_input


class Mul(Module):
    """y = weight[0] * x, for an input of any shape.

    Shape:
        input: any; output: the input's. `weight` is (1,), as in Torch7.
    """

    def __init__(self):
        super().__init__()
        self.register_parameter("weight", np.zeros(1))
        self.reset()

    def reset(self, stdv=None):
        """U(-1, 1), or U(-a, a) with a = stdv * sqrt(3) when given (Torch7)."""
        reset_uniform(stdv, 1, self.weight)
        return self

    def update_output(self, input):
        check_input(self, input)
        out = self._buffer("_out", input.shape)
        np.multiply(input, self.weight[0], out=out)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, input, grad_output)
        gx = self._buffer("_gx", input.shape)
        np.multiply(grad_output, self.weight[0], out=gx)
        self.grad_input = gx
        return gx

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        self.grad_weight[0] += self.dtype.type(scale) * np.dot(input.reshape(-1), grad_output.reshape(-1))
