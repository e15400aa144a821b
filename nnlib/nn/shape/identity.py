"""`Identity`: passes its input (array or table) through unchanged."""
from ..module import Module


class Identity(Module):
    """output = input, grad_input = grad_output (no copies), as Torch's nn.Identity.

    Shape:
        Input: anything (an array or a table), output the same object.
    """

    def update_output(self, input):
        self.output = input
        return input

    def update_grad_input(self, input, grad_output):
        self.grad_input = grad_output
        return grad_output
