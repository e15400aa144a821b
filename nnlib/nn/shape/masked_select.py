"""`MaskedSelect`: the entries of an array where a mask is set, as a 1-D array."""
import numpy as np

from .._checks import describe
from ..module import Module
from ._tables import check_pair


class MaskedSelect(Module):
    """`x[mask]` for input `[x, mask]` (Torch7's nn.MaskedSelect).

    Shape:
        [x, mask] with a bool or 0/1 integer mask of x's shape -> (count of set entries,).
        grad_input is [grad_x (zero where the mask is not set), zeros like the mask].
    """

    def _operands(self, input):
        x, mask = check_pair(self, input, "x, mask")
        if mask.shape != x.shape or mask.dtype.kind not in "biu":
            raise ValueError(f"{describe(self)}: the mask must be a bool or integer array of the input's shape "
                             f"{x.shape}, got shape {mask.shape} dtype {mask.dtype}")
        return x, mask, mask.astype(bool, copy=False)

    def update_output(self, input):
        x, _, keep = self._operands(input)
        self.output = x[keep]
        return self.output

    def update_grad_input(self, input, grad_output):
        x, mask, keep = self._operands(input)
        if grad_output.shape != self.output.shape:
            raise ValueError(f"{describe(self)}: grad_output shape {grad_output.shape} does not match {self.output.shape}")
        gx = self._buffer("_gx", x.shape, grad_output.dtype)
        gx.fill(0)
        gx[keep] = grad_output
        self.grad_input = [gx, np.zeros_like(mask)]
        return self.grad_input
