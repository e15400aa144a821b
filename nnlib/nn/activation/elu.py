"""`ELU`: y = x for x > 0, else alpha (exp(x) - 1)."""
from ...kernels import transfer as K
from ._elementwise import Elementwise


class ELU(Elementwise):
    """Exponential linear unit (Clevert et al. 2015; Torch7's nn.ELU).

    Args:
        alpha: the negative saturation value is -alpha.
        inplace: write the output into the input array and the gradient into grad_output.

    Shape:
        any shape; output as input.
    """

    def __init__(self, alpha: float = 1, inplace: bool = False):
        super().__init__()
        self.alpha, self.inplace = float(alpha), bool(inplace)

    def _forward_kernel(self, x, out):
        K.elu_update_output(x, self.alpha, out)

    def _backward_kernel(self, y, gy, gx):
        K.elu_update_grad_input(y, self.alpha, gy, gx)

    def extra_repr(self):
        return f"alpha={self.alpha:g}" + (", inplace=True" if self.inplace else "")
