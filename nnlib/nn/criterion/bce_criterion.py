"""`BCECriterion`: binary cross-entropy of probabilities."""
import numpy as np

from ...kernels import criterion as K
from ._pointwise import weighted_columns
from .criterion import Criterion


class BCECriterion(Criterion):
    """loss = -sum w * (t log(x + eps) + (1 - t) log(1 - x + eps)), / element count when size_average.

    `input` holds probabilities in [0, 1] (e.g. after Sigmoid), `target` values
    in [0, 1]. As in Torch7, eps = 1e-12 keeps the logs finite at 0 and 1; the
    gradient is the exact derivative of this loss (Torch7's differs from it at
    order eps).

    Args:
        weights: optional (D,) array rescaling each input column (the last axis).
        size_average: average over the elements (default) instead of summing.

    Shape:
        input: (D,), (N, D) or more axes, float. target: as many elements as the
        input, any shape (paired element by element in memory order, as Torch7).
    """

    eps = 1e-12

    def __init__(self, weights: np.ndarray | None = None, size_average: bool = True):
        super().__init__()
        self.weights = None if weights is None else np.asarray(weights, dtype=self.dtype)
        self.size_average = bool(size_average)

    def _prepare(self, input, target):
        x, t, w = weighted_columns(self, input, target)
        if x.size and (x.min() < 0 or x.max() > 1):
            raise ValueError(f"{self!r}: input values must be probabilities in [0, 1], got range "
                             f"[{x.min():g}, {x.max():g}]; put a Sigmoid before the criterion")
        if t.size and (t.min() < 0 or t.max() > 1):
            raise ValueError(f"{self!r}: target values must be in [0, 1], got range [{t.min():g}, {t.max():g}]")
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
