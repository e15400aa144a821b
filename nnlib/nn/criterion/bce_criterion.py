"""`BCECriterion`: binary cross-entropy of probabilities."""
import numpy as np

from ...kernels import criterion as K
from .._checks import check_float_input
from .criterion import Criterion


class BCECriterion(Criterion):
    """loss = -sum w * (t log(x + eps) + (1 - t) log(1 - x + eps)), / element count when size_average.

    `input` holds probabilities in [0, 1] (e.g. after Sigmoid), shape (D,) or
    (N, D); `target` has the same shape with values in [0, 1]. `weights` (D,)
    rescales each output column. As in Torch7, eps = 1e-12 keeps the logs
    finite at 0 and 1; the gradient is the exact derivative of this loss
    (Torch7's differs from it at order eps).
    """

    eps = 1e-12

    def __init__(self, weights=None, size_average=True):
        super().__init__()
        self.weights = None if weights is None else np.asarray(weights, dtype=self.dtype)
        self.size_average = bool(size_average)

    def _prepare(self, input, target):
        check_float_input(self, input, (1, 2))
        if not isinstance(target, np.ndarray) or target.shape != input.shape:
            shape = target.shape if isinstance(target, np.ndarray) else type(target).__name__
            raise ValueError(f"{self!r}: target shape {shape} does not match input shape {input.shape}")
        if input.size and (input.min() < 0 or input.max() > 1):
            raise ValueError(f"{self!r}: input values must be probabilities in [0, 1], got range "
                             f"[{input.min():g}, {input.max():g}]; put a Sigmoid before the criterion")
        if target.size and (target.min() < 0 or target.max() > 1):
            raise ValueError(f"{self!r}: target values must be in [0, 1], got range [{target.min():g}, {target.max():g}]")
        x = input.reshape(1, -1) if input.ndim == 1 else input
        t = target.reshape(x.shape).astype(x.dtype, copy=False)
        w = self._column_weights(x.shape[1], x.dtype, input.shape)
        return x, t, w

    def update_output(self, input, target):
        x, t, w = self._prepare(input, target)
        self.output = float(K.bce_update_output(x, t, w, self.eps, self.size_average))
        return self.output

    def update_grad_input(self, input, target):
        x, t, w = self._prepare(input, target)
        gx = np.empty(x.shape, dtype=x.dtype)
        K.bce_update_grad_input(x, t, w, self.eps, self.size_average, gx)
        self.grad_input = gx.reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        return "" if self.size_average else "size_average=False"
