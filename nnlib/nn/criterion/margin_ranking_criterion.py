"""`MarginRankingCriterion`: ranks two scores by a label, with a margin."""
import numpy as np

from ...kernels import criterion_pointwise as K
from ._pointwise import check_input_pair, check_target
from .criterion import Criterion


class MarginRankingCriterion(Criterion):
    """loss = sum max(0, -y * (x1 - x2) + margin), divided by the number of pairs when size_average.

    y = 1 asks for x1 to rank above x2 by `margin`, y = -1 for the reverse.

    Args:
        margin: the margin (default 1).
        size_average: average over the pairs (default) instead of summing
            (a field in Torch7, also a constructor argument here).

    Shape:
        input: a table [x1, x2] of two float arrays of one shape, e.g. (N,) or
        (N, 1); (1,) with a number label is Torch7's non-batch mode. target: as
        many labels as x1 has elements (any shape), or a number for one pair.
    """

    def __init__(self, margin: float = 1, size_average: bool = True):
        super().__init__()
        self.margin = float(margin)
        self.size_average = bool(size_average)

    def _prepare(self, input, target):
        a, b = check_input_pair(self, input)
        return a.reshape(-1), b.reshape(-1), check_target(self, a, target)

    def update_output(self, input, target):
        a, b, y = self._prepare(input, target)
        self.output = float(K.margin_ranking_update_output(a, b, y, self.margin, self.size_average))
        return self.output

    def update_grad_input(self, input, target):
        a, b, y = self._prepare(input, target)
        ga, gb = np.empty(input[0].shape, dtype=a.dtype), np.empty(input[1].shape, dtype=b.dtype)
        K.margin_ranking_update_grad_input(a, b, y, self.margin, self.size_average, ga.reshape(-1), gb.reshape(-1))
        self.grad_input = [ga, gb]
        return self.grad_input

    def extra_repr(self):
        return ", ".join([f"margin={self.margin:g}"] + ([] if self.size_average else ["size_average=False"]))
