"""`ReLU6`: y = min(max(0, x), 6)."""
from .hard_tanh import HardTanh


class ReLU6(HardTanh):
    """ReLU capped at 6: Torch7's HardTanh(0, 6) (gradient zero at 0 and 6).

    Args:
        inplace: write the output into the input array and the gradient into grad_output.

    Shape:
        any shape; output as input.
    """

    def __init__(self, inplace: bool = False):
        super().__init__(0, 6, inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""
