"""`TreeNLLCriterion`: negative log-likelihood of SoftMaxTree's target log-probabilities."""
import numpy as np

from .._checks import check_float_input
from ..criterion.criterion import Criterion


class TreeNLLCriterion(Criterion):
    """loss = -sum of `input` (divided by its number of elements when size_average).

    `input` is SoftMaxTree's (N,) or (T, N) output, already the log-probability
    of each target, so `target` is not used (it is accepted for the Criterion
    contract).

    Args:
        size_average: divide by the number of elements (default) instead of summing.

    Shape:
        Input: SoftMaxTree's (N,) or (T, N) log-probabilities. Target: ignored.
    """

    def __init__(self, size_average: bool = True):
        super().__init__()
        self.size_average = bool(size_average)

    def update_output(self, input, target=None):
        check_float_input(self, input, (1, 2))
        total = -float(np.sum(input, dtype=np.float64))
        self.output = total / input.size if self.size_average and input.size else total
        return self.output

    def update_grad_input(self, input, target=None):
        check_float_input(self, input, (1, 2))
        value = -1.0 / input.size if self.size_average and input.size else -1.0
        gx = getattr(self, "_gx", None)
        if gx is None or gx.shape != input.shape or gx.dtype != input.dtype:
            gx = self._gx = np.empty_like(input)
        gx.fill(value)
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return "" if self.size_average else "size_average=False"
