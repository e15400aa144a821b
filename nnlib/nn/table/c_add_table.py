"""`CAddTable`: the element-wise sum of a table of same-shaped arrays."""
import numpy as np

from .._checks import check_same_shape
from ._tables import check_table
from ..module import Module


class CAddTable(Module):
    """output = input[0] + input[1] + ...; each input receives a copy of grad_output.

    Shape:
        Input: a table (list) of arrays of one shape (or broadcastable), output that shape.
    """

    def update_output(self, input):
        check_table(self, input)
        if not input:
            raise ValueError(f"{self!r}: expected a non-empty table of arrays")
        shapes = [x.shape for x in input]
        if any(s != shapes[0] for s in shapes):
            raise ValueError(f"{self!r}: table entries must have the same shape, got {shapes}")
        out = self._buffer("_out", shapes[0], input[0].dtype)
        np.copyto(out, input[0])
        for x in input[1:]:
            out += x
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        old = self.grad_input if isinstance(self.grad_input, list) else []
        grads = []
        for i in range(len(input)):
            g = old[i] if i < len(old) and old[i].shape == grad_output.shape and old[i].dtype == grad_output.dtype \
                else np.empty_like(grad_output)
            np.copyto(g, grad_output)
            grads.append(g)
        self.grad_input = grads
        return grads
