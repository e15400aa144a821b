"""`SoftMax`: y_i = exp(x_i) / sum_j exp(x_j) over the last axis."""
from ...kernels import softmax as K
from ._rowwise import Rowwise


class SoftMax(Rowwise):
    """Probabilities over classes.

    Shape:
        Input: (N, C) or (C,), output as input (softmax over the last axis).
    """

    def _forward_kernel(self, x, out):
        K.softmax_update_output(x, out)

    def _backward_kernel(self, y, gy, gx):
        K.softmax_update_grad_input(y, gy, gx)
