"""`Clip`: dpnn's Clip: clamps the input, passing the gradient straight through."""
import numpy as np

from .._checks import check_float_input
from ..module import Module


class Clip(Module):
    """output = min(max(input, minval), maxval); grad_input = grad_output (dpnn's straight-through).

    Unlike Clamp/HardTanh, the gradient is not zeroed outside [minval,
    maxval]: dpnn's Clip only bounds the values (e.g. a location fed to a
    glimpse) and lets the gradient through unchanged.

    Args:
        minval: lower bound.
        maxval: upper bound.

    Shape:
        any -> the same shape.
    """

    def __init__(self, minval: float, maxval: float):
        super().__init__()
        if minval > maxval:
            raise ValueError(f"Clip: minval {minval} is above maxval {maxval}")
        self.minval, self.maxval = float(minval), float(maxval)

    def update_output(self, input):
        check_float_input(self, input, tuple(range(0, 33)))
        self.output = np.clip(input, self.minval, self.maxval)
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = np.array(grad_output, copy=True)
        return self.grad_input

    def extra_repr(self):
        return f"{self.minval:g}, {self.maxval:g}"
