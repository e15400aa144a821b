"""`SplitTable`: an array split into a table of its slices along `dim`."""
import numpy as np

from .._checks import check_array
from ._tables import check_table, normalize_dim
from ..module import Module


class SplitTable(Module):
    """output = [input.take(i, axis=dim) for i in range(input.shape[dim])] (dim removed).

    The slices are contiguous views: of the input itself when it is
    contiguous and dim is 0, else of one reordered copy, so kernels downstream
    always receive contiguous arrays (0-D ones for a 1-D input). grad_input
    stacks the table of gradients back along `dim`.
    """

    def __init__(self, dim):
        super().__init__()
        self.dim = int(dim)

    def update_output(self, input):
        check_array(self, input)
        dim = normalize_dim(self, self.dim, input.ndim)
        moved = np.moveaxis(input, dim, 0)
        if not moved.flags.c_contiguous:
            buf = self._buffer("_moved", moved.shape, input.dtype)
            np.copyto(buf, moved)
            moved = buf
        self.output = [moved[i, ...] for i in range(moved.shape[0])]
        return self.output

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
