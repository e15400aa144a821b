"""`ReLU`: y = max(0, x)."""
from ...kernels import activation as K
from ._elementwise import Elementwise


class ReLU(Elementwise):
    """Rectified linear unit, element-wise: Torch7's `Threshold(0, 0, ip)`.

    Args:
        ip: in place: write the output into the input array and the gradient into
            grad_output (Torch7's `inplace`).

    Shape:
        any shape; output as input.
    """

    backward_uses_output = False

    def __init__(self, ip: bool = False):
        super().__init__()
        self.inplace = bool(ip)

    def _forward_kernel(self, x, out):
        K.relu_update_output(x, out)

    def _backward_kernel(self, x, gy, gx):
        K.relu_update_grad_input(x, gy, gx)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""
