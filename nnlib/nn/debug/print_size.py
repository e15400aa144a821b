"""`PrintSize`: print the shapes passing through."""
import numpy as np

from ..module import Module


def _shapes(obj):
    """The shape of an array, or the nested list of shapes of a table."""
    if isinstance(obj, np.ndarray):
        return obj.shape
    if isinstance(obj, (list, tuple)):
        return [_shapes(item) for item in obj]
    return "missing size" if obj is None else type(obj).__name__


class PrintSize(Module):
    """Identity that prints the shape of its input and of grad_output (Torch7's nn.PrintSize).

    For debugging a model's geometry.

    Args:
        prefix: the text printed first.

    Shape:
        anything (arrays or tables); output is the input itself.
    """

    def __init__(self, prefix: str = "PrintSize"):
        super().__init__()
        self.prefix = str(prefix)

    def update_output(self, input):
        print(f"{self.prefix}:input\n\t{_shapes(input)}")
        self.output = input
        return input

    def update_grad_input(self, input, grad_output):
        print(f"{self.prefix}:gradOutput\n\t{_shapes(grad_output)}")
        self.grad_input = grad_output
        return grad_output

    def extra_repr(self):
        return repr(self.prefix) if self.prefix != "PrintSize" else ""
