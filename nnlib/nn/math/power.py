"""`Power`: y = x^p."""
from ...kernels import pointwise as K
from ..activation._elementwise import Elementwise


class Power(Elementwise):
    """Raise every element to the power `p` (Torch7's nn.Power).

    NaN for a negative base and a non-integer power, as in Torch7.

    Args:
        p: the exponent (required).

    Shape:
        any shape; output as input.
    """

    backward_uses_output = False

    def __init__(self, p: float):
        super().__init__()
        self.pow = float(p)

    def _forward_kernel(self, x, out):
        K.power_update_output(x, self.pow, out)

    def _backward_kernel(self, x, gy, gx):
        K.power_update_grad_input(x, self.pow, gy, gx)

    def extra_repr(self):
        return f"{self.pow:g}"
