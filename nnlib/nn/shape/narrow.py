"""`Narrow`: a slice of `length` entries from `offset` along one axis."""
import numpy as np

from .._checks import check_array, check_same_shape, describe
from ..module import Module
from ._axes import resolve_axis


class Narrow(Module):
    """`input[..., offset:offset + length, ...]` along `dimension`, copied (Torch7's nn.Narrow).

    Args:
        dimension: the axis (0-based; negative from the end).
        offset: the first entry (0-based; negative counts from the end).
        length: number of entries; a negative length ends that many entries before the
            end, inclusive, as Torch7: -1 runs to the last entry, -2 to the one before.

    Shape:
        any shape; the `dimension` axis shortened to `length`.
    """

    def __init__(self, dimension: int, offset: int, length: int = 1):
        super().__init__()
        self.dimension, self.index, self.length = int(dimension), int(offset), int(length)

    def _slice(self, input):
        d = resolve_axis(self, self.dimension, input.ndim)
        size = input.shape[d]
        start = self.index + size if self.index < 0 else self.index
        length = size - start + self.length + 1 if self.length < 0 else self.length
        if not (0 <= start and length >= 1 and start + length <= size):
            raise ValueError(f"{describe(self)}: cannot take {self.length} entries from offset {self.index} of axis {d} "
                             f"(size {size}) of input shape {input.shape}")
        index = [slice(None)] * input.ndim
        index[d] = slice(start, start + length)
        return tuple(index)

    def update_output(self, input):
        check_array(self, input)
        part = input[self._slice(input)]
        self.output = self._buffer("_out", part.shape, input.dtype)
        np.copyto(self.output, part)
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        gx = self._buffer("_gx", input.shape, grad_output.dtype)
        gx.fill(0)
        gx[self._slice(input)] = grad_output
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return f"{self.dimension}, {self.index}, {self.length}"
