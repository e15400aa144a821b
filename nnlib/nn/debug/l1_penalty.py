"""`L1Penalty`: identity forward that adds an L1 penalty's gradient on the way back."""
import numpy as np

from .._checks import check_float_input, check_same_shape
from ..module import Module


class L1Penalty(Module):
    """Pass the input through and add an L1 sparsity penalty's gradient (Torch7's nn.L1Penalty).

    Records `loss = l1weight * sum |x|` (divided by the element count with `size_average`); backward
    adds `l1weight * sign(x)` to the gradient, a regulariser on hidden activations.

    Args:
        l1weight: the penalty's weight.
        size_average: divide the penalty (and its gradient) by the number of elements.
        provide_output: add grad_output to the penalty's gradient; False when nothing
            downstream uses the output (then grad_output is ignored).

    Shape:
        any shape; output is the input array itself. `self.loss` holds the penalty (a float).
    """

    def __init__(self, l1weight: float, size_average: bool = False, provide_output: bool = True):
        super().__init__()
        self.l1weight, self.size_average, self.provide_output = float(l1weight), bool(size_average), bool(provide_output)
        self.loss = 0.0

    def _weight(self, input):
        return self.l1weight / input.size if self.size_average else self.l1weight

    def update_output(self, input):
        check_float_input(self, input, range(1, 9))
        self.loss = self._weight(input) * float(np.sum(np.abs(input), dtype=np.float64))
        self.output = input
        return input

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, input, grad_output)
        gx = self._buffer("_gx", input.shape)
        np.sign(input, out=gx)
        gx *= self.dtype.type(self._weight(input))
        if self.provide_output:
            gx += grad_output
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return f"{self.l1weight:g}" + (", size_average=True" if self.size_average else "") + (
            ", provide_output=False" if not self.provide_output else "")
