"""`L1Cost`: the L1 norm of the input, a criterion without a target."""
import numpy as np

from ...kernels import criterion_pointwise as K
from .._checks import check_float_input
from .criterion import Criterion


class L1Cost(Criterion):
    """loss = sum |input| (never averaged); the gradient is sign(input), 0 at 0.

    A sparsity penalty on activations. The target is ignored, so `forward(input)`
    and `backward(input)` need none (as Torch7's).

    Shape:
        input: any shape, float. target: ignored (optional).
    """

    def forward(self, input, target=None):
        return super().forward(input, target)

    __call__ = forward

    def backward(self, input, target=None):
        return super().backward(input, target)

    def update_output(self, input, target=None):
        check_float_input(self, input, range(1, 9))
        self.output = float(K.l1_cost_update_output(input.reshape(-1)))
        return self.output

    def update_grad_input(self, input, target=None):
        check_float_input(self, input, range(1, 9))
        grad = np.empty(input.shape, dtype=input.dtype)
        K.l1_cost_update_grad_input(input.reshape(-1), grad.reshape(-1))
        self.grad_input = grad
        return grad
