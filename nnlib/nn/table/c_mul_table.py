"""`CMulTable`: the element-wise product of a table of same-shaped arrays."""
import numpy as np

from .._checks import check_same_shape
from ._tables import check_same_shapes, reuse_arrays
from ..module import Module


class CMulTable(Module):
    """output = input[0] * input[1] * ...

    The gradient of entry i is grad_output times the product of the other
    entries (computed without dividing, so zeros in the input are fine).

    Shape:
        input: a table of arrays of one shape.
        output: that shape.
    """

    def update_output(self, input):
        shape = check_same_shapes(self, input)
        out = self._buffer("_out", shape, input[0].dtype)
        np.copyto(out, input[0])
        for x in input[1:]:
            out *= x
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        grads = reuse_arrays(self.grad_input, [x.shape for x in input], grad_output.dtype)
        for i, g in enumerate(grads):
            np.copyto(g, grad_output)
            for j, x in enumerate(input):
                if j != i:
                    g *= x
        self.grad_input = grads
        return grads
