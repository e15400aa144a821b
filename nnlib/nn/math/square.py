"""`Square`: y = x^2."""
from ...kernels import pointwise as K
from ..activation._elementwise import Elementwise


class Square(Elementwise):
    """Square, element-wise (Torch7's nn.Square).

    Shape:
        any shape; output as input.
    """

    backward_uses_output = False

    def _forward_kernel(self, x, out):
        K.square_update_output(x, out)

    def _backward_kernel(self, x, gy, gx):
        K.square_update_grad_input(x, gy, gx)
