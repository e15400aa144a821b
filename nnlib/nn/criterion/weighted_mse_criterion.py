"""`WeightedMSECriterion`: squared error against a target scaled element-wise by fixed weights."""
import numpy as np

from .._checks import describe
from .mse_criterion import MSECriterion


class WeightedMSECriterion(MSECriterion):
    """loss = sum((input - w * target)^2), divided by the element count when size_average.

    As in Torch7, `w` multiplies the target (not the squared error). A `w` with
    one sample's shape (the input's shape without its first axis) applies to
    every sample of a batch; otherwise it has the whole input's element count.

    Args:
        w: the weights, an array (copied, as Torch7's `w:clone()`), kept as `weight`.
        size_average: average over the elements (default) instead of summing
            (a field in Torch7, also a constructor argument here).

    Shape:
        input: any shape, float. target: as many elements as the input, any shape.
    """

    def __init__(self, w: np.ndarray, size_average: bool = True):
        super().__init__(size_average)
        self.weight = np.array(w, dtype=self.dtype)

    def _pair(self, input, target):
        x, t = super()._pair(input, target)
        w = self.weight.astype(input.dtype, copy=False)
        if input.ndim - 1 == w.ndim and w.size == x.size // max(input.shape[0], 1):
            w = w.reshape(input.shape[1:])
        elif w.size == x.size:
            w = w.reshape(input.shape)
        else:
            raise ValueError(f"{describe(self)}: weight shape {self.weight.shape} fits neither one sample of the input "
                             f"shape {input.shape} ({input.shape[1:]}) nor the whole input ({x.size} elements)")
        return x, (t.reshape(input.shape) * w).reshape(-1)

    def astype(self, dtype):
        super().astype(dtype)
        self.weight = self.weight.astype(self.dtype)
        return self

    def extra_repr(self):
        return ", ".join([f"weight shape {self.weight.shape}"] + ([] if self.size_average else ["size_average=False"]))
