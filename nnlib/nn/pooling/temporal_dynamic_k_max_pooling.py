"""`TemporalDynamicKMaxPooling`: the k largest frames of each feature, in their time order."""
import math

import numpy as np

from .._checks import check_float_input, check_same_shape, describe
from ..module import Module


class TemporalDynamicKMaxPooling(Module):
    """Torch7's `TemporalDynamicKMaxPooling(min_k, factor)` (Kalchbrenner et al., 2014).

    For each feature, keeps the k largest values over time in their original
    order, k = max(min_k, ceil(factor * T)). `indices` (0-based frame numbers,
    (N, k, F)) says which frames were kept; ties go to the earlier frame.

    Args:
        min_k: the smallest k (the sequence must have at least min_k frames);
        factor: fraction of the sequence length to keep (default 0: always min_k).

    Shape:
        (N, T, F) or (T, F) -> (N, k, F) or (k, F).
    """

    transient_attributes = ("indices",)

    def __init__(self, min_k: int, factor: float = 0):
        super().__init__()
        self.min_k, self.factor = int(min_k), float(factor)
        if self.min_k < 1:
            raise ValueError(f"{type(self).__name__}: min_k must be >= 1, got {min_k}")

    def update_output(self, input):
        if isinstance(input, np.ndarray) and input.ndim not in (2, 3):
            raise ValueError(f"{describe(self)}: expected a batch (N, T, F) or one sequence (T, F), "
                             f"got shape {input.shape}")
        check_float_input(self, input, (2, 3))
        t = input.shape[-2]
        k = max(self.min_k, math.ceil(self.factor * t))
        if t < k:
            raise ValueError(f"{describe(self)}: input shape {input.shape} has {t} frames, "
                             f"too few for k={k}")
        order = np.argsort(-input, axis=-2, kind="stable")
        self.indices = np.sort(order.take(np.arange(k), axis=-2), axis=-2)
        self.output = np.take_along_axis(input, self.indices, axis=-2)
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        gx = self._buffer("_gx", input.shape)
        gx.fill(0)
        np.put_along_axis(gx, self.indices, grad_output, axis=-2)
        self.grad_input = gx
        return self.grad_input

    def extra_repr(self):
        return f"min_k={self.min_k}, factor={self.factor:g}"
