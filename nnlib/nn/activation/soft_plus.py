"""`SoftPlus`: y = log(1 + exp(beta x)) / beta."""
from ...kernels import transfer as K
from ._elementwise import Elementwise


class SoftPlus(Elementwise):
    """Smooth ReLU (Torch7's nn.SoftPlus).

    Args:
        beta: sharpness; larger is closer to ReLU.
        threshold: where `beta * x > threshold` the output is `x` itself, avoiding
            overflow of exp (Torch7 fixed it at 20).

    Shape:
        any shape; output as input.
    """

    def __init__(self, beta: float = 1, threshold: float = 20):
        super().__init__()
        self.beta, self.threshold = float(beta), float(threshold)

    def _forward_kernel(self, x, out):
        K.soft_plus_update_output(x, self.beta, self.threshold, out)

    def _backward_kernel(self, y, gy, gx):
        K.soft_plus_update_grad_input(y, self.beta, self.threshold, gy, gx)

    def extra_repr(self):
        return f"beta={self.beta:g}, threshold={self.threshold:g}"
