"""`Replicate`: repeat the input `nfeature` times along a new axis."""
import numpy as np

from .._checks import check_array, check_same_shape, describe
from ..module import Module


class Replicate(Module):
    """A new axis of size `nfeature` at `dim`, the input repeated along it (Torch7's nn.Replicate).

    As in Torch7 nothing is copied: the output is a read-only numpy broadcast view (stride 0
    along the new axis) of the input.

    Args:
        nfeature: the number of copies.
        dim: where the new axis goes (0-based, 0 to input.ndim; Torch7's 1 is 0).
        ndim: axes of one sample; an input with more is a batch and `dim` moves one axis right.

    Shape:
        (*S) -> S with `nfeature` inserted at `dim` (after the batch axis for a batch).
    """

    def __init__(self, nfeature: int, dim: int = 0, ndim: int | None = None):
        super().__init__()
        self.nfeatures, self.dim = int(nfeature), int(dim)
        self.ndim = None if ndim is None else int(ndim)
        if self.dim < 0:
            raise ValueError(f"Replicate: dim must be >= 0 (0-based), got {dim}")

    def _axis(self, input):
        r = self.dim + (1 if self.ndim is not None and input.ndim > self.ndim else 0)
        if r > input.ndim:
            raise ValueError(f"{describe(self)}: not enough input axes to replicate along axis {r}: input shape {input.shape}")
        return r

    def update_output(self, input):
        check_array(self, input)
        r = self._axis(input)
        expanded = np.expand_dims(input, r)
        self.output = np.broadcast_to(expanded, input.shape[:r] + (self.nfeatures,) + input.shape[r:])
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        r = self._axis(input)
        gx = self._buffer("_gx", input.shape, grad_output.dtype)
        np.sum(grad_output, axis=r, out=gx)
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return f"{self.nfeatures}, {self.dim}" + (f", {self.ndim}" if self.ndim is not None else "")
