"""`Contiguous`: make the input C-contiguous."""
import numpy as np

from .._checks import check_array
from ..module import Module


class Contiguous(Module):
    """Pass a C-contiguous input through; copy any other (Torch7's nn.Contiguous). The same for the gradient.

    Shape:
        any shape; output as input.
    """

    def _contiguous(self, attr, a):
        if a.flags.c_contiguous:
            return a
        out = self._buffer(attr, a.shape, a.dtype)
        np.copyto(out, a)
        return out

    def update_output(self, input):
        check_array(self, input)
        self.output = self._contiguous("_out", input)
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = self._contiguous("_gx", grad_output)
        return self.grad_input
