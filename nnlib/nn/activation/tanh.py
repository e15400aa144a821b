"""`Tanh`: y = tanh(x)."""
from ...kernels import activation as K
from ._elementwise import Elementwise


class Tanh(Elementwise):
    """Hyperbolic tangent, element-wise.

    Shape:
        Input: any shape, output as input.
    """

    def _forward_kernel(self, x, out):
        K.tanh_update_output(x, out)

    def _backward_kernel(self, y, gy, gx):
        K.tanh_update_grad_input(y, gy, gx)
