"""`CSubTable`: the element-wise difference of a table of two arrays."""
import numpy as np

from .._checks import check_same_shape
from ._tables import check_same_shapes, reuse_arrays
from ..module import Module


class CSubTable(Module):
    """output = input[0] - input[1].

    Shape:
        input: a table of two arrays of one shape.
        output: that shape.
    """

    def update_output(self, input):
        shape = check_same_shapes(self, input, 2)
        out = self._buffer("_out", shape, input[0].dtype)
        np.subtract(input[0], input[1], out=out)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        g0, g1 = reuse_arrays(self.grad_input, [x.shape for x in input], grad_output.dtype)
        np.copyto(g0, grad_output)
        np.negative(grad_output, out=g1)
        self.grad_input = [g0, g1]
        return self.grad_input
