"""`LogSigmoid`: y = log(1 / (1 + exp(-x)))."""
from ...kernels import transfer as K
from ._elementwise import Elementwise


class LogSigmoid(Elementwise):
    """Log of the logistic function, computed without overflow (Torch7's nn.LogSigmoid).

    Shape:
        any shape; output as input.
    """

    backward_uses_output = False

    def _forward_kernel(self, x, out):
        K.log_sigmoid_update_output(x, out)

    def _backward_kernel(self, x, gy, gx):
        K.log_sigmoid_update_grad_input(x, gy, gx)
