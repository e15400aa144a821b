"""`Log`: y = log(x)."""
from ...kernels import pointwise as K
from ..activation._elementwise import Elementwise


class Log(Elementwise):
    """Natural logarithm, element-wise (Torch7's nn.Log).

    -inf at 0 and NaN below, unchecked as in Torch7 (a NaN propagates and shows).

    Shape:
        any shape; output as input.
    """

    backward_uses_output = False

    def _forward_kernel(self, x, out):
        K.log_update_output(x, out)

    def _backward_kernel(self, x, gy, gx):
        K.log_update_grad_input(x, gy, gx)
