"""Base class for modules that normalise over the last axis of (C,) or (N, C) inputs."""
from .._checks import check_float_input, check_same_shape
from ..module import Module


class Rowwise(Module):
    """Applies a (N, C) kernel; a 1-D input is treated as one row."""

    def update_output(self, input):
        check_float_input(self, input, (1, 2))
        x = input.reshape(1, -1) if input.ndim == 1 else input
        out = self._buffer("_out", x.shape)
        self._forward_kernel(x, out)
        self.output = out.reshape(input.shape)
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        shape2d = (1, input.shape[0]) if input.ndim == 1 else input.shape
        gx = self._buffer("_gx", shape2d)
        self._backward_kernel(self.output.reshape(shape2d), grad_output.reshape(shape2d), gx)
        self.grad_input = gx.reshape(input.shape)
        return self.grad_input
