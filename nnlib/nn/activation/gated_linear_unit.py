"""`GatedLinearUnit`: y = a * sigmoid(b), the input split in halves a, b along one axis."""
import math

import numpy as np

from ...kernels import transfer as K
from .._checks import check_float_input, check_same_shape, describe
from ..module import Module


class GatedLinearUnit(Module):
    """Gated linear unit (Dauphin et al. 2016; Torch7's nn.GatedLinearUnit).

    Args:
        dim: the axis to halve (0-based, negative from the end); Torch7's default is the last.

    Shape:
        any shape whose `dim` axis is even; output with that axis halved.
    """

    def __init__(self, dim: int = -1):
        super().__init__()
        self.dim = int(dim)

    def _view(self, input):
        """(outer, 2, inner) view of the (contiguous) input, and the output shape."""
        if not -input.ndim <= self.dim < input.ndim:
            raise ValueError(f"{describe(self)}: dim {self.dim} is out of range for input shape {input.shape}")
        d = self.dim % input.ndim
        if input.shape[d] % 2:
            raise ValueError(f"{describe(self)}: input shape {input.shape} has an odd size {input.shape[d]} on "
                             f"axis {d}; the halving axis must be even")
        out_shape = input.shape[:d] + (input.shape[d] // 2,) + input.shape[d + 1:]
        outer = math.prod(input.shape[:d])
        return np.ascontiguousarray(input).reshape(outer, 2, -1), out_shape

    def update_output(self, input):
        check_float_input(self, input, range(1, 9))
        x, out_shape = self._view(input)
        out = self._buffer("_out", out_shape)
        K.glu_update_output(x, out.reshape(x.shape[0], -1))
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        x, _ = self._view(input)
        gx = self._buffer("_gx", input.shape)
        K.glu_update_grad_input(x, np.ascontiguousarray(grad_output).reshape(x.shape[0], -1), gx.reshape(x.shape))
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return str(self.dim)
