"""`Index`: gather entries of one axis by an index array."""
import numpy as np

from .._checks import check_same_shape, describe
from ..module import Module
from ._axes import resolve_axis
from ._tables import check_pair


class Index(Module):
    """`np.take(x, indices, axis=dimension)` for input `[x, indices]` (Torch7's nn.Index).

    Args:
        dimension: the axis to index (0-based; negative from the end).

    Shape:
        [x, indices] with 1-D integer `indices` (0-based) -> x with `dimension` of len(indices).
        grad_input is [grad_x, zeros like indices]; repeated indices accumulate.
    """

    def __init__(self, dimension: int):
        super().__init__()
        self.dimension = int(dimension)

    def _operands(self, input):
        x, idx = check_pair(self, input, "x, indices")
        d = resolve_axis(self, self.dimension, x.ndim)
        if idx.ndim != 1 or idx.dtype.kind not in "iu":
            raise ValueError(f"{describe(self)}: indices must be a 1-D integer array (0-based), got shape {idx.shape} "
                             f"dtype {idx.dtype}")
        if idx.size and (idx.min() < 0 or idx.max() >= x.shape[d]):
            raise ValueError(f"{describe(self)}: an index is out of range [0, {x.shape[d]}) for axis {d} of shape {x.shape}")
        return x, idx, d

    def update_output(self, input):
        x, idx, d = self._operands(input)
        self.output = np.take(x, idx, axis=d)
        return self.output

    def update_grad_input(self, input, grad_output):
        x, idx, d = self._operands(input)
        check_same_shape(self, self.output, grad_output)
        gx = self._buffer("_gx", x.shape, grad_output.dtype)
        gx.fill(0)
        np.add.at(gx, (slice(None),) * d + (idx,), grad_output)
        self.grad_input = [gx, np.zeros_like(idx)]
        return self.grad_input

    def extra_repr(self):
        return str(self.dimension)
