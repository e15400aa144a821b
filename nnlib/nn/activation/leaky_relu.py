"""`LeakyReLU`: y = x for x > 0, else negval * x."""
from ...kernels import activation as K
from ._elementwise import Elementwise


class LeakyReLU(Elementwise):
    """Leaky rectifier (Torch7's nn.LeakyReLU).

    Args:
        negval: slope for x <= 0 (Torch7's default 1/100).
        ip: in place: write the output into the input array and the gradient into
            grad_output (a positive slope keeps each element's sign, so the backward
            pass can still tell which side it was on).

    Shape:
        any shape; output as input.
    """

    backward_uses_output = False

    def __init__(self, negval: float = 1 / 100, ip: bool = False):
        super().__init__()
        self.negval = float(negval)
        self.inplace = bool(ip)
        if self.inplace and self.negval <= 0:
            raise ValueError(f"LeakyReLU: in-place mode needs a positive slope (negval={self.negval:g}): "
                             f"the backward pass reads the sign of the overwritten input")

    def _forward_kernel(self, x, out):
        K.leaky_relu_update_output(x, self.negval, out)

    def _backward_kernel(self, x, gy, gx):
        K.leaky_relu_update_grad_input(x, self.negval, gy, gx)

    def extra_repr(self):
        return f"{self.negval:g}" + (", inplace=True" if self.inplace else "")
