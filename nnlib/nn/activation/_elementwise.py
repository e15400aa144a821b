"""Base class for element-wise activations backed by flat numba kernels."""
from .._checks import check_float_input, check_same_shape
from ..module import Module


class Elementwise(Module):
    """Applies `_forward_kernel(x_flat, out_flat)`; backward uses the saved input or output."""

    backward_uses_output = True  # tanh/sigmoid differentiate through y, relu through x

    def update_output(self, input):
        check_float_input(self, input, range(1, 9))
        out = self._buffer("_out", input.shape)
        self._forward_kernel(input.reshape(-1), out.reshape(-1))
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        gx = self._buffer("_gx", input.shape)
        saved = self.output if self.backward_uses_output else input
        self._backward_kernel(saved.reshape(-1), grad_output.reshape(-1), gx.reshape(-1))
        self.grad_input = gx
        return gx
