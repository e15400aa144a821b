"""`CMul`: a learned element-wise scale, expanded over the input as Torch7 does."""
import numpy as np

from .._checks import check_same_shape
from .._init import reset_uniform
from ..module import Module
from ._broadcast import broadcast_views, check_input, parse_size, sum_to


class CMul(Module):
    """y = x * weight, element by element.

    `weight` has the shape given (`CMul(3, 4)` or `CMul((3, 4))`). As in
    Torch7, an input with as many elements as `weight` is multiplied element
    by element; one with as many axes has `weight`'s size-1 axes expanded
    (`CMul(5, 1)` scales each row of a (5, k) input); any other input is a
    batch (N, ...) of samples with `weight.size` elements each.

    Args:
        *size: the shape of `weight`.

    Shape:
        input: any shape that fits `weight` as above; output: the input's.
    """

    def __init__(self, *size: int):
        super().__init__()
        self.size = parse_size("CMul", size)
        self.register_parameter("weight", np.zeros(self.size))
        self.reset()

    def reset(self, stdv=None):
        """U(-a, a) with a = 1/sqrt(weight.size), or stdv * sqrt(3) when given (Torch7)."""
        reset_uniform(stdv, self.weight.size, self.weight)
        return self

    def update_output(self, input):
        check_input(self, input)
        x, w = broadcast_views(self, input, self.weight)
        out = self._buffer("_out", input.shape)
        np.multiply(x, w, out=out.reshape(x.shape))
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, input, grad_output)
        x, w = broadcast_views(self, input, self.weight)
        gx = self._buffer("_gx", input.shape)
        np.multiply(grad_output.reshape(x.shape), w, out=gx.reshape(x.shape))
        self.grad_input = gx
        return gx

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        x, w = broadcast_views(self, input, self.weight)
        g = sum_to(x * grad_output.reshape(x.shape), w)
        self.grad_weight += (self.dtype.type(scale) * g).reshape(self.weight.shape)

    def extra_repr(self):
        return "x".join(map(str, self.size))
