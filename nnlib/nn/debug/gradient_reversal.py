"""`GradientReversal`: identity forward, gradient multiplied by -lambda."""
import numpy as np

from .._checks import check_float_input, check_same_shape
from ..module import Module


class GradientReversal(Module):
    """Pass the input through; multiply the gradient by `-lam` (Torch7's nn.GradientReversal).

    Ganin & Lempitsky 2015, domain-adversarial training. The gradient is deliberately not the
    derivative of the forward pass.

    Args:
        lam: the reversal's scale (Torch7's `lambda`, a Python keyword).

    Shape:
        any shape; output is the input array itself.
    """

    def __init__(self, lam: float = 1):
        super().__init__()
        self.lam = float(lam)

    def set_lambda(self, lam):
        """Change the scale (Torch7's setLambda); returns self."""
        self.lam = float(lam)
        return self

    def update_output(self, input):
        check_float_input(self, input, range(1, 9))
        self.output = input
        return input

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, input, grad_output)
        gx = self._buffer("_gx", input.shape)
        np.multiply(grad_output, self.dtype.type(-self.lam), out=gx)
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return f"{self.lam:g}"
