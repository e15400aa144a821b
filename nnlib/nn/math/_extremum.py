"""Base class of Max and Min: the extremum over one axis, the gradient routed to its position."""
import numpy as np

from .._checks import check_same_shape
from ..module import Module
from ._reduction import reduction_axis


class Extremum(Module):
    """Subclasses set `_arg` (np.argmax or np.argmin); the first extremum along the axis wins ties."""

    transient_attributes = ("indices",)

    def __init__(self, dimension: int = 0, n_input_dims: int | None = None):
        super().__init__()
        self.dimension = int(dimension)
        self.n_input_dims = None if n_input_dims is None else int(n_input_dims)
        self.indices = None

    def update_output(self, input):
        d = reduction_axis(self, input)
        self.indices = np.expand_dims(type(self)._arg(input, axis=d), d)
        out = self._buffer("_out", self.indices.shape)
        np.copyto(out, np.take_along_axis(input, self.indices, axis=d))
        self.output = out.reshape(input.shape[:d] + input.shape[d + 1:]) if input.ndim > 1 else out
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        d = reduction_axis(self, input)
        gx = self._buffer("_gx", input.shape)
        gx.fill(0)
        np.put_along_axis(gx, self.indices, grad_output.reshape(self.indices.shape), axis=d)
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return str(self.dimension) + (f", n_input_dims={self.n_input_dims}" if self.n_input_dims is not None else "")
