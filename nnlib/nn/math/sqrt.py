"""`Sqrt`: y = sqrt(x + b)."""
from ...kernels import pointwise as K
from ..activation._elementwise import Elementwise


class Sqrt(Elementwise):
    """Square root, element-wise (Torch7's nn.Sqrt).

    Args:
        b: an offset added before the root, sqrt(x + b), keeping the gradient finite at 0
            (Torch7 stored it as `eps` but its CPU kernel never used it; b=0 is Torch7 exactly).

    Shape:
        any shape; output as input. The gradient is 0 where the output is 0 (Torch7).
    """

    def __init__(self, b: float = 0):
        super().__init__()
        self.eps = float(b)

    def _forward_kernel(self, x, out):
        K.sqrt_update_output(x, self.eps, out)

    def _backward_kernel(self, y, gy, gx):
        K.sqrt_update_grad_input(y, gy, gx)

    def extra_repr(self):
        return f"{self.eps:g}" if self.eps else ""
