"""`AddConstant`: y = x + c."""
import numpy as np

from .._checks import check_float_input, check_same_shape, describe
from ..module import Module


class AddConstant(Module):
    """Add a constant scalar, or a vector along the last axis (Torch7's nn.AddConstant).

    Args:
        constant_scalar: a number, or a 1-D array of D values.
        ip: in place: add into the input array (`output is input`); the backward pass then
            returns grad_output itself and subtracts the constant again, restoring the
            input, as Torch7.

    Shape:
        any shape for a scalar; (D,) or (N, D) for a vector. Output as input.
    """

    def __init__(self, constant_scalar: float | np.ndarray, ip: bool = False):
        super().__init__()
        if np.ndim(constant_scalar) not in (0, 1):
            raise ValueError(f"AddConstant: constant_scalar must be a number or a 1-D array, got shape "
                             f"{np.shape(constant_scalar)}")
        self.constant_scalar = constant_scalar if np.ndim(constant_scalar) == 0 else np.asarray(constant_scalar)
        self.inplace = bool(ip)

    def _constant(self, input):
        c = self.constant_scalar
        if np.ndim(c) == 0:
            return self.dtype.type(c)
        if input.ndim > 2 or input.shape[-1] != c.shape[0]:
            raise ValueError(f"{describe(self)}: a constant of {c.shape[0]} values needs a ({c.shape[0]},) or "
                             f"(N, {c.shape[0]}) input, got shape {input.shape}")
        return c.astype(self.dtype, copy=False)

    def update_output(self, input):
        check_float_input(self, input, range(1, 9))
        c = self._constant(input)
        out = input if self.inplace else self._buffer("_out", input.shape)
        np.add(input, c, out=out)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, input, grad_output)
        if self.inplace:
            np.subtract(input, self._constant(input), out=input)
            self.grad_input = grad_output
        else:
            self.grad_input = self._buffer("_gx", input.shape)
            np.copyto(self.grad_input, grad_output)
        return self.grad_input

    def extra_repr(self):
        c = self.constant_scalar
        return (f"{c:g}" if np.ndim(c) == 0 else f"({c.shape[0]} values)") + (", inplace=True" if self.inplace else "")
