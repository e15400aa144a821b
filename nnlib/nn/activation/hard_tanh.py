"""`HardTanh`: clamp to [min_value, max_value], gradient zero outside."""
from ...kernels import transfer as K
from ._elementwise import Elementwise


class HardTanh(Elementwise):
    """Piecewise-linear tanh: min_value below, max_value above, x in between (Torch7's nn.HardTanh).

    Args:
        min_value: lower limit.
        max_value: upper limit (must exceed `min_value`).
        inplace: write the output into the input array and the gradient into grad_output.

    Shape:
        any shape; output as input. The gradient is zero at the limits too (Torch7).
    """

    backward_uses_output = False

    def __init__(self, min_value: float = -1, max_value: float = 1, inplace: bool = False):
        super().__init__()
        self.min_val, self.max_val, self.inplace = float(min_value), float(max_value), bool(inplace)
        if not self.max_val > self.min_val:
            raise ValueError(f"{type(self).__name__}: max_value ({self.max_val:g}) must be larger than "
                             f"min_value ({self.min_val:g})")

    def _forward_kernel(self, x, out):
        t = self.dtype.type  # compared in the array's precision, as Torch7's `real`
        K.hard_tanh_update_output(x, t(self.min_val), t(self.max_val), out)

    def _backward_kernel(self, x, gy, gx):
        t = self.dtype.type
        K.hard_tanh_update_grad_input(x, t(self.min_val), t(self.max_val), gy, gx)

    def extra_repr(self):
        return f"{self.min_val:g}, {self.max_val:g}" + (", inplace=True" if self.inplace else "")
