"""`SplitTable`: an array split into a table of its slices along `dimension`."""
import numpy as np

from .._checks import check_array
from ._tables import check_table, torch_dimension
from ..module import Module


class SplitTable(Module):
    """output = [input.take(i, axis=dimension) for i in range(input.shape[dimension])] (the axis removed).

    The slices are contiguous views: of the input itself when it is
    contiguous and the axis is 0, else of one reordered copy, so kernels
    downstream always receive contiguous arrays (0-D ones for a 1-D input).
    grad_input stacks the table of gradients back along the axis.

    Args:
        dimension: the axis to split (0-based; negative counts from the end).
        n_input_dims: the number of dimensions of one sample (Torch7's nInputDims);
            when given, an input with one more axis is a batch and a
            `dimension >= 0` is shifted by one.

    The axis is kept as `dim`, as Concat's.

    Shape:
        input: any array with the axis.
        output: a table of `input.shape[axis]` arrays, each the input's shape without that axis.
    """

    n_input_dims = None  # files saved before the argument existed load without it

    def __init__(self, dimension: int, n_input_dims: int | None = None):
        super().__init__()
        self.dim = int(dimension)
        self.n_input_dims = n_input_dims

    def update_output(self, input):
        check_array(self, input)
        dim = torch_dimension(self, self.dim, self.n_input_dims, input.ndim)
        moved = np.moveaxis(input, dim, 0)
        if not moved.flags.c_contiguous:
            buf = self._buffer("_moved", moved.shape, input.dtype)
            np.copyto(buf, moved)
            moved = buf
        self.output = [moved[i, ...] for i in range(moved.shape[0])]
        return self.output

    def update_grad_input(self, input, grad_output):
        dim = torch_dimension(self, self.dim, self.n_input_dims, input.ndim)
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
        return str(self.dim) + ("" if self.n_input_dims is None else f", {self.n_input_dims}")
