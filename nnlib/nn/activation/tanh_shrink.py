"""`TanhShrink`: y = x - tanh(x)."""
from ...kernels import transfer as K
from ._elementwise import Elementwise


class TanhShrink(Elementwise):
    """x - tanh(x), element-wise (Torch7's nn.TanhShrink).

    Shape:
        any shape; output as input.
    """

    backward_uses_output = False

    def _forward_kernel(self, x, out):
        K.tanh_shrink_update_output(x, out)

    def _backward_kernel(self, x, gy, gx):
        K.tanh_shrink_update_grad_input(x, gy, gx)
