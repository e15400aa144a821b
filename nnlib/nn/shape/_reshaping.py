"""Base class of the modules that only change an array's shape (Reshape, View, Collapse)."""
from .._checks import check_same_shape
from ..module import Module


class Reshaping(Module):
    """Subclasses set `self.output` to a reshaped view; the gradient is reshaped back."""

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        self.grad_input = grad_output.reshape(input.shape)
        return self.grad_input
