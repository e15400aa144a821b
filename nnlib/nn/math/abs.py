"""`Abs`: y = |x|."""
from ...kernels import pointwise as K
from ..activation._elementwise import Elementwise


class Abs(Elementwise):
    """Absolute value, element-wise (Torch7's nn.Abs); the gradient at 0 is +1, as Torch7.

    Shape:
        any shape; output as input.
    """

    backward_uses_output = False

    def _forward_kernel(self, x, out):
        K.abs_update_output(x, out)

    def _backward_kernel(self, x, gy, gx):
        K.abs_update_grad_input(x, gy, gx)
