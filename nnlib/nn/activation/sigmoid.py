"""`Sigmoid`: y = 1 / (1 + exp(-x))."""
from ...kernels import activation as K
from ._elementwise import Elementwise


class Sigmoid(Elementwise):
    """Logistic function, element-wise.

    Shape:
        Input: any shape, output as input.
    """

    def _forward_kernel(self, x, out):
        K.sigmoid_update_output(x, out)

    def _backward_kernel(self, y, gy, gx):
        K.sigmoid_update_grad_input(y, gy, gx)
