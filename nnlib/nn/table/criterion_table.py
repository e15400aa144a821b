"""`CriterionTable`: a criterion as a module taking the table [input, target]."""
import numpy as np

from .._checks import describe
from ..criterion.criterion import Criterion
from ..module import Module


class CriterionTable(Module):
    """output = criterion.forward(input, target) for the table [input, target] (a float).

    grad_input is the table [criterion.backward(input, target), zeros like target]:
    Torch7 returned only the first entry and relied on Lua's nil for the target's, which
    lets a ParallelTable that forwarded [x, y] (e.g. [net, Identity]) take it; a list
    needs the second entry. grad_output is ignored, so put it last in a model.

    Args:
        criterion: any nnlib criterion.

    Shape:
        input: [input, target] as the criterion takes them.
        output: a float.
    """

    def __init__(self, criterion: Criterion):
        super().__init__()
        self.criterion = criterion

    def _check(self, input):
        if not isinstance(input, (list, tuple)) or len(input) != 2:
            raise ValueError(f"{describe(self)}: expected the table [input, target]")

    def update_output(self, input):
        self._check(input)
        self.output = self.criterion.forward(input[0], input[1])
        return self.output

    def update_grad_input(self, input, grad_output=None):
        self._check(input)
        target = np.asarray(input[1])
        grad_target = self._buffer("_grad_target", target.shape, target.dtype)
        grad_target.fill(0)
        self.grad_input = [self.criterion.backward(input[0], input[1]), grad_target]
        return self.grad_input

    def astype(self, dtype):
        super().astype(dtype)
        self.criterion.astype(dtype)
        return self

    def extra_repr(self):
        return repr(self.criterion)
