"""`CosineEmbeddingCriterion`: similar pairs toward cosine 1, dissimilar ones below a margin."""
import numbers

import numpy as np

from ...kernels import criterion_embedding as K
from .._checks import describe
from ._pointwise import check_input_pair, check_signs, check_target
from .criterion import Criterion


class CosineEmbeddingCriterion(Criterion):
    """Cosine embedding loss of pairs: 1 - cos(a, b) if similar, max(0, cos(a, b) - margin) if not.

    loss_i = 1 - cos(a_i, b_i) if y_i = 1, max(0, cos(a_i, b_i) - margin) if y_i = -1;
    summed, divided by N when size_average.

    cos(a, b) = <a, b> / sqrt((|a|^2 + 1e-12) (|b|^2 + 1e-12)), as Torch7 and PyTorch.

    Args:
        margin: the cosine dissimilar pairs are pushed below (default 0; -1 to 1,
            0 to 0.5 suggested).
        size_average: average over the pairs (default) instead of summing
            (a field in Torch7, also a constructor argument here).

    Shape:
        input: a table [a, b] of two float arrays (N, D), or (D,) for one pair.
        target: (N,) labels 1 (similar) or -1 (dissimilar), or a number for one pair.
    """

    def __init__(self, margin: float = 0, size_average: bool = True):
        super().__init__()
        self.margin = float(margin)
        self.size_average = bool(size_average)

    def _prepare(self, input, target):
        a, b = check_input_pair(self, input, (1, 2))
        a2, b2 = (a.reshape(1, -1), b.reshape(1, -1)) if a.ndim == 1 else (a, b)
        count = np.size(target) if isinstance(target, (numbers.Real, np.ndarray)) else None
        if count is not None and count != a2.shape[0]:
            raise ValueError(f"{describe(self)}: {count} target labels for {a2.shape[0]} input pairs (input shape "
                             f"{a.shape}); expected one label per pair, target shape ({a2.shape[0]},)")
        y = check_target(self, a2[:, 0], target)
        check_signs(self, y)
        return a2, b2, y

    def update_output(self, input, target):
        a, b, y = self._prepare(input, target)
        self.output = float(K.cosine_embedding_update_output(a, b, y, self.margin, self.size_average))
        return self.output

    def update_grad_input(self, input, target):
        a, b, y = self._prepare(input, target)
        ga, gb = np.empty(a.shape, dtype=a.dtype), np.empty(b.shape, dtype=b.dtype)
        K.cosine_embedding_update_grad_input(a, b, y, self.margin, self.size_average, ga, gb)
        self.grad_input = [ga.reshape(input[0].shape), gb.reshape(input[1].shape)]
        return self.grad_input

    def extra_repr(self):
        return ", ".join([f"margin={self.margin:g}"] + ([] if self.size_average else ["size_average=False"]))
