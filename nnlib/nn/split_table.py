"""`SplitTable`: an array split into a table of its slices along `dim`."""
import numpy as np

from ._checks import check_array
from ._tables import check_table, normalize_dim
from .module import Module


class SplitTable(Module):
    """output = [input.take(i, axis=dim) for i in range(input.shape[dim])] (dim removed).

    Slices along a leading axis are views; others are contiguous copies, so
    kernels downstream always receive contiguous arrays. grad_input stacks
    the table of gradients back along `dim`.
    """

    def __init__(self, dim):
        super().__init__()
        self.dim = int(dim)

    def update_output(self, input):
        check_array(self, input)
        dim = normalize_dim(self, self.dim, input.ndim)
        index = [slice(None)] * input.ndim
        out = []
        for i in range(input.shape[dim]):
            index[dim] = i
            out.append(np.ascontiguousarray(input[tuple(index)]))
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        dim = normalize_dim(self, self.dim, input.ndim)
        check_table(self, grad_output, input.shape[dim], "grad_output")
        expected = input.shape[:dim] + input.shape[dim + 1:]
        shapes = [g.shape for g in grad_output]
        if any(s != expected for s in shapes):
            raise ValueError(f"{self!r}: grad_output entries {shapes} must each have shape {expected}")
        gx = self._buffer("_gx", input.shape, grad_output[0].dtype if grad_output else input.dtype)
        np.stack(grad_output, axis=dim, out=gx)
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return str(self.dim)
