"""`Add`: adds a learned bias vector (Torch's nn.Add), e.g. Recurrent's start module."""
import math

import numpy as np

from ...random import get_rng
from .._checks import check_float_input, check_same_shape
from ..module import Module


class Add(Module):
    """y = x + bias over the last axis of (size,) or (N, size) inputs."""

    def __init__(self, size):
        super().__init__()
        self.size = int(size)
        self.register_parameter("bias", np.zeros(self.size))
        self.reset()

    def reset(self, stdv=None):
        """Torch's init: U(-1/sqrt(size), 1/sqrt(size))."""
        stdv = 1.0 / math.sqrt(self.size) if stdv is None else stdv
        self.bias[...] = get_rng().uniform(-stdv, stdv, self.size)
        return self

    def update_output(self, input):
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
        g = grad_output.reshape(-1, self.size).sum(axis=0)
        self.grad_bias += self.dtype.type(scale) * g

    def extra_repr(self):
        return str(self.size)
