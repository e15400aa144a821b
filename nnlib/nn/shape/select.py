"""`Select`: one entry of one axis, the axis removed."""
import numpy as np

from .._checks import check_array, check_same_shape, describe
from ..module import Module
from ._axes import resolve_axis


class Select(Module):
    """`input[..., index, ...]` along `dimension`, copied (Torch7's nn.Select).

    Args:
        dimension: the axis (0-based; negative from the end).
        index: the entry (0-based; negative from the end, -1 the last).

    Shape:
        any shape with at least one axis; output without the `dimension` axis.
    """

    def __init__(self, dimension: int, index: int):
        super().__init__()
        self.dimension, self.index = int(dimension), int(index)

    def _where(self, input):
        d = resolve_axis(self, self.dimension, input.ndim)
        size = input.shape[d]
        if not -size <= self.index < size:
            raise ValueError(f"{describe(self)}: index {self.index} is out of range for axis {d} (size {size}) "
                             f"of input shape {input.shape}")
        return (slice(None),) * d + (self.index % size,)

    def update_output(self, input):
        check_array(self, input)
        part = input[self._where(input)]
        self.output = self._buffer("_out", np.shape(part), input.dtype)
        np.copyto(self.output, part)
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        gx = self._buffer("_gx", input.shape, grad_output.dtype)
        gx.fill(0)
        gx[self._where(input)] = grad_output
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return f"{self.dimension}, {self.index}"
