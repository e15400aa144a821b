"""`MSECriterion`: mean squared error."""
import numpy as np

from ...kernels import criterion as K
from .._checks import check_float_input
from .criterion import Criterion


class MSECriterion(Criterion):
    """loss = sum((input - target)^2), divided by the element count when size_average."""

    def __init__(self, size_average=True):
        super().__init__()
        self.size_average = bool(size_average)

    def _prepare(self, input, target):
        check_float_input(self, input, range(1, 9))
        if not isinstance(target, np.ndarray) or target.shape != input.shape:
            shape = target.shape if isinstance(target, np.ndarray) else type(target).__name__
            raise ValueError(f"{self!r}: target shape {shape} does not match input shape {input.shape}")
        return input.reshape(-1), target.reshape(-1).astype(input.dtype, copy=False)

    def update_output(self, input, target):
        x, t = self._prepare(input, target)
        self.output = float(K.mse_update_output(x, t, self.size_average))
        return self.output

    def update_grad_input(self, input, target):
        x, t = self._prepare(input, target)
        gx = np.empty(input.shape, dtype=input.dtype)
        K.mse_update_grad_input(x, t, self.size_average, gx.reshape(-1))
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return "" if self.size_average else "size_average=False"
