"""`CAdd`: a learned element-wise bias, expanded over the input as Torch7 does."""
import numpy as np

from .._checks import check_same_shape
from .._init import reset_uniform
from ..module import Module
from ._broadcast import broadcast_views, check_input, parse_size, sum_to


class CAdd(Module):
    """y = x + bias, element by element.

    `bias` has the shape given (`CAdd(3, 4)` or `CAdd((3, 4))`), laid over the
    input as `CMul`'s weight is: element by element when the element counts
    match, with size-1 axes expanded when the axis counts match (`CAdd(5, 1)`
    adds one value per row of a (5, k) input), else over a batch (N, ...).

    Args:
        *size: the shape of `bias`.

    Shape:
        input: any shape that fits `bias` as above; output: the input's.
    """

    def __init__(self, *size: int):
        super().__init__()
        self.size = parse_size("CAdd", size)
        self.register_parameter("bias", np.zeros(self.size))
        self.reset()

    def reset(self, stdv=None):
        """U(-a, a) with a = 1/sqrt(bias.size), or stdv * sqrt(3) when given (Torch7)."""
        reset_uniform(stdv, self.bias.size, self.bias)
        return self

    def update_output(self, input):
        check_input(self, input)
        x, b = broadcast_views(self, input, self.bias)
        out = self._buffer("_out", input.shape)
        np.add(x, b, out=out.reshape(x.shape))
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, input, grad_output)
        self.grad_input = grad_output
        return grad_output

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        x, b = broadcast_views(self, input, self.bias)
        g = sum_to(grad_output.reshape(x.shape), b)
        self.grad_bias += (self.dtype.type(scale) * g).reshape(self.bias.shape)

    def extra_repr(self):
        return "x".join(map(str, self.size))
