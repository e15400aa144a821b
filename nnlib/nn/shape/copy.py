"""`Copy`: copy (and cast) the input; the gradient is cast back."""
import numpy as np
from numpy.typing import DTypeLike

from .._checks import check_array, check_same_shape
from ..module import Module


class Copy(Module):
    """Output a copy of the input cast to `outtype`; the gradient is cast to `intype` (Torch7's nn.Copy).

    Args:
        intype: dtype of the input and of grad_input; None is the module's dtype (it
            follows `astype`, as a Torch7 tensor type follows `:type()`).
        outtype: dtype of the output and of grad_output; None is the module's dtype.
        force_copy: copy even when the two types are equal (otherwise the arrays pass through).
        dont_cast: Torch7's flag that kept `:type()` from changing the types; here explicit
            dtypes are never changed by `astype`, and None types always follow it, so the
            flag is stored for the signature only.

    Shape:
        any shape; output as input.
    """

    def __init__(self, intype: DTypeLike | None = None, outtype: DTypeLike | None = None, force_copy: bool = False,
                 dont_cast: bool = False):
        super().__init__()
        self.intype = None if intype is None else np.dtype(intype)
        self.outtype = None if outtype is None else np.dtype(outtype)
        self.force_copy, self.dont_cast = bool(force_copy), bool(dont_cast)

    def _types(self):
        return (self.dtype if self.intype is None else self.intype), (self.dtype if self.outtype is None else self.outtype)

    def update_output(self, input):
        check_array(self, input)
        intype, outtype = self._types()
        if intype == outtype and not self.force_copy:
            self.output = input
        else:
            self.output = self._buffer("_out", input.shape, outtype)
            np.copyto(self.output, input, casting="unsafe")
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, input, grad_output)
        intype, outtype = self._types()
        if intype == outtype and not self.force_copy:
            self.grad_input = grad_output
        else:
            self.grad_input = self._buffer("_gx", input.shape, intype)
            np.copyto(self.grad_input, grad_output, casting="unsafe")
        return self.grad_input

    def extra_repr(self):
        intype, outtype = self._types()
        return f"{intype} -> {outtype}" + (", force_copy=True" if self.force_copy else "")
