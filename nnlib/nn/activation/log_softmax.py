"""`LogSoftMax`: y_i = x_i - log(sum_j exp(x_j)) over the last axis."""
from ...kernels import softmax as K
from ._rowwise import Rowwise


class LogSoftMax(Rowwise):
    """Log-probabilities over classes; pair with ClassNLLCriterion.

    Shape:
        Input: (N, C) or (C,), output as input (log-softmax over the last axis).
    """

    def _forward_kernel(self, x, out):
        K.log_softmax_update_output(x, out)

    def _backward_kernel(self, y, gy, gx):
        K.log_softmax_update_grad_input(y, gy, gx)
