"""`HardShrink`: y = x where |x| > lam, else 0."""
from ...kernels import transfer as K
from ._elementwise import Elementwise


class HardShrink(Elementwise):
    """Zero the elements in [-lam, lam] (Torch7's nn.HardShrink).

    Args:
        lam: the half-width of the zeroed band.

    Shape:
        any shape; output as input.
    """

    backward_uses_output = False

    def __init__(self, lam: float = 0.5):
        super().__init__()
        self.lam = float(lam)

    def _forward_kernel(self, x, out):
        K.hard_shrink_update_output(x, self.lam, out)

    def _backward_kernel(self, x, gy, gx):
        K.shrink_update_grad_input(x, self.lam, gy, gx)

    def extra_repr(self):
        return f"{self.lam:g}"
