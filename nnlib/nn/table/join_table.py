"""`JoinTable`: a table of arrays concatenated along `dim`."""
import numpy as np

from .._checks import check_same_shape
from ._tables import check_table, normalize_dim
from ..module import Module


class JoinTable(Module):
    """output = concatenate(input, axis=dim); grad_input = the matching slices of grad_output.

    `dim` is a numpy axis; a negative `dim` (e.g. -1 for features) works for
    single samples and batches alike (Torch's nInputDims).
    """

    def __init__(self, dim):
        super().__init__()
        self.dim = int(dim)

    def update_output(self, input):
        check_table(self, input)
        if not input:
            raise ValueError(f"{self!r}: expected a non-empty table of arrays")
        first = input[0]
        dim = normalize_dim(self, self.dim, first.ndim)
        rest = first.shape[:dim] + first.shape[dim + 1:]
        if any(x.ndim != first.ndim or x.shape[:dim] + x.shape[dim + 1:] != rest for x in input):
            raise ValueError(f"{self!r}: table entries {[x.shape for x in input]} differ outside dim {self.dim}")
        shape = list(first.shape)
        shape[dim] = sum(x.shape[dim] for x in input)
        out = self._buffer("_out", shape, first.dtype)
        np.concatenate(input, axis=dim, out=out)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        dim = normalize_dim(self, self.dim, grad_output.ndim)
        old = self.grad_input if isinstance(self.grad_input, list) else []
        index = [slice(None)] * grad_output.ndim
        offset, grads = 0, []
        for i, x in enumerate(input):
            index[dim] = slice(offset, offset + x.shape[dim])
            offset += x.shape[dim]
            g = old[i] if i < len(old) and old[i].shape == x.shape and old[i].dtype == grad_output.dtype \
                else np.empty(x.shape, dtype=grad_output.dtype)
            np.copyto(g, grad_output[tuple(index)])
            grads.append(g)
        self.grad_input = grads
        return grads

    def extra_repr(self):
        return str(self.dim)
