"""`JoinTable`: a table of arrays concatenated along `dimension`."""
import numpy as np

from .._checks import check_same_shape
from ._tables import check_table, reuse_arrays, torch_dimension
from ..module import Module


class JoinTable(Module):
    """output = concatenate(input, axis=dimension); grad_input = the matching slices of grad_output.

    Args:
        dimension: the axis to join along (0-based; negative counts from the end,
            so -1 joins features of single samples and batches alike).
        n_input_dims: the number of dimensions of one sample (Torch7's nInputDims);
            when given, an input with one more axis is a batch and a
            `dimension >= 0` is shifted by one.

    The axis is kept as `dim`, as Concat's.

    Shape:
        input: a table of arrays equal in every axis but `dimension`.
        output: their concatenation.
    """

    n_input_dims = None  # files saved before the argument existed load without it

    def __init__(self, dimension: int, n_input_dims: int | None = None):
        super().__init__()
        self.dim = int(dimension)
        self.n_input_dims = n_input_dims

    def update_output(self, input):
        check_table(self, input)
        if not input:
            raise ValueError(f"{self!r}: expected a non-empty table of arrays")
        first = input[0]
        dim = torch_dimension(self, self.dim, self.n_input_dims, first.ndim)
        rest = first.shape[:dim] + first.shape[dim + 1:]
        if any(x.ndim != first.ndim or x.shape[:dim] + x.shape[dim + 1:] != rest for x in input):
            raise ValueError(f"{self!r}: table entries {[x.shape for x in input]} differ outside dim {dim}")
        shape = list(first.shape)
        shape[dim] = sum(x.shape[dim] for x in input)
        out = self._buffer("_out", shape, first.dtype)
        np.concatenate(input, axis=dim, out=out)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        dim = torch_dimension(self, self.dim, self.n_input_dims, grad_output.ndim)
        grads = reuse_arrays(self.grad_input, [x.shape for x in input], grad_output.dtype)
        index = [slice(None)] * grad_output.ndim
        offset = 0
        for x, g in zip(input, grads):
            index[dim] = slice(offset, offset + x.shape[dim])
            offset += x.shape[dim]
            np.copyto(g, grad_output[tuple(index)])
        self.grad_input = grads
        return grads

    def extra_repr(self):
        return str(self.dim) + ("" if self.n_input_dims is None else f", {self.n_input_dims}")
