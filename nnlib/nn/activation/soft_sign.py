"""`SoftSign`: y = x / (1 + |x|)."""
from ...kernels import transfer as K
from ._elementwise import Elementwise


class SoftSign(Elementwise):
    """A tanh-like squashing with polynomial tails (Torch7's nn.SoftSign).

    Shape:
        any shape; output as input.
    """

    backward_uses_output = False

    def _forward_kernel(self, x, out):
        K.soft_sign_update_output(x, out)

    def _backward_kernel(self, x, gy, gx):
        K.soft_sign_update_grad_input(x, gy, gx)
