"""`ReLU`: y = max(0, x)."""
from ...kernels import activation as K
from ._elementwise import Elementwise


class ReLU(Elementwise):
    """Rectified linear unit, element-wise."""

    backward_uses_output = False

    def _forward_kernel(self, x, out):
        K.relu_update_output(x, out)

    def _backward_kernel(self, x, gy, gx):
        K.relu_update_grad_input(x, gy, gx)
