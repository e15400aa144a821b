"""`MulConstant`: y = c x."""
import numpy as np

from .._checks import check_float_input, check_same_shape
from ..module import Module


class MulConstant(Module):
    """Multiply by a constant scalar (Torch7's nn.MulConstant).

    Args:
        constant_scalar: the factor.
        ip: in place: multiply the input array (`output is input`); the backward pass then
            multiplies grad_output in place (`grad_input is grad_output`) and divides the
            input again, restoring it, as Torch7 (so a factor of 0 cannot be undone).

    Shape:
        any shape; output as input.
    """

    def __init__(self, constant_scalar: float, ip: bool = False):
        super().__init__()
        if np.ndim(constant_scalar) != 0:
            raise ValueError(f"MulConstant: constant_scalar must be a number, got shape {np.shape(constant_scalar)}")
        self.constant_scalar, self.inplace = float(constant_scalar), bool(ip)

    def update_output(self, input):
        check_float_input(self, input, range(1, 9))
        out = input if self.inplace else self._buffer("_out", input.shape)
        np.multiply(input, self.dtype.type(self.constant_scalar), out=out)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, input, grad_output)
        c = self.dtype.type(self.constant_scalar)
        gx = grad_output if self.inplace else self._buffer("_gx", input.shape)
        np.multiply(grad_output, c, out=gx)
        if self.inplace:
            np.divide(input, c, out=input)
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return f"{self.constant_scalar:g}" + (", inplace=True" if self.inplace else "")
