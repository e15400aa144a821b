"""`LeakyReLU`: y = x for x > 0, else negval * x."""
from ...kernels import activation as K
from ._elementwise import Elementwise


class LeakyReLU(Elementwise):
    """Leaky rectifier; Torch's default slope is 1/100."""

    backward_uses_output = False

    def __init__(self, negval=0.01):
        super().__init__()
        self.negval = float(negval)

    def _forward_kernel(self, x, out):
        K.leaky_relu_update_output(x, self.negval, out)

    def _backward_kernel(self, x, gy, gx):
        K.leaky_relu_update_grad_input(x, self.negval, gy, gx)

    def extra_repr(self):
        return f"{self.negval:g}"
