"""`Exp`: y = exp(x)."""
from ...kernels import pointwise as K
from ..activation._elementwise import Elementwise


class Exp(Elementwise):
    """Exponential, element-wise (Torch7's nn.Exp); the gradient is the output itself.

    Shape:
        any shape; output as input.
    """

    def _forward_kernel(self, x, out):
        K.exp_update_output(x, out)

    def _backward_kernel(self, y, gy, gx):
        K.exp_update_grad_input(y, gy, gx)
