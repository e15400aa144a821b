"""`SeqReverseSequence`: rnn's SeqReverseSequence: reverses a sequence along one axis."""
import numpy as np

from .._checks import check_array
from ..module import Module


class SeqReverseSequence(Module):
    """output = input reversed along `dim` (0-based; rnn's dim 1, the time axis, is 0 here).

    Args:
        dim: the axis to reverse (0-based; negative counts from the end).

    Shape:
        any array -> the same shape.
    """

    def __init__(self, dim: int):
        super().__init__()
        self.dim = int(dim)

    def _axis(self, x):
        check_array(self, x)
        if not -x.ndim <= self.dim < x.ndim:
            raise ValueError(f"{self!r}: dim {self.dim} is out of range for an input of shape {x.shape}")
        return self.dim % x.ndim

    def update_output(self, input):
        self.output = np.ascontiguousarray(np.flip(input, self._axis(input)))
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = np.ascontiguousarray(np.flip(grad_output, self._axis(grad_output)))
        return self.grad_input

    def extra_repr(self):
        return str(self.dim)
