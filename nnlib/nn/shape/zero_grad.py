"""`ZeroGrad`: passes its input forward and no gradient back."""
from ..module import Module
from ..table._tables import zeros_like_table


class ZeroGrad(Module):
    """output = input (no copy); grad_input = zeros shaped as the input (Torch7's nn.ZeroGrad).

    Stops back-propagation along one path of a graph while the forward pass is
    unchanged. The gradient is deliberately not the derivative of the output.

    Shape:
        input: an array or a (nested) table; output: the same object;
        grad_input: zeros of the input's shapes and dtypes.
    """

    def update_output(self, input):
        self.output = input
        return input

    def update_grad_input(self, input, grad_output):
        self.grad_input = zeros_like_table(input)
        return self.grad_input
