"""`ParallelCriterion`: a weighted sum of criterions, each on its own entry of a table input."""
import numpy as np

from .._checks import describe
from ._composite import children_repr, scaled_copy, zeros_like
from .criterion import Criterion


class ParallelCriterion(Criterion):
    """loss = sum_i weight_i * criterion_i(input[i], target[i]) (target, not target[i], with repeat_target).

    For models with several outputs (a table), e.g. a classifier and a
    regressor trained together. `add(criterion, weight=1)` appends one and
    returns this criterion, as Torch7.

    Args:
        repeat_target: give every criterion the whole target (default False:
            criterion i gets target[i]).

    Shape:
        input: a table (list) with at least one entry per criterion. target: a
        table likewise, or anything the criterions take when repeat_target.
        The gradient is a list like the input (zeros for entries past the criterions).
    """

    def __init__(self, repeat_target: bool = False):
        super().__init__()
        self.criterions = []
        self.weights = []
        self.repeat_target = bool(repeat_target)

    def add(self, criterion, weight=1.0):
        """Append `criterion` with `weight`; returns self."""
        if not isinstance(criterion, Criterion):
            raise ValueError(f"nn.ParallelCriterion.add: expected a criterion, got {type(criterion).__name__}")
        self.criterions.append(criterion)
        self.weights.append(float(weight))
        return self

    def _targets(self, input, target):
        n = len(self.criterions)
        if not isinstance(input, (list, tuple)) or len(input) < n:
            got = f"a table of {len(input)}" if isinstance(input, (list, tuple)) else type(input).__name__
            raise ValueError(f"{describe(self)}: expected a table input with one entry per criterion ({n}), got {got}")
        if self.repeat_target:
            return [target] * n
        if not isinstance(target, (list, tuple)) or len(target) < n:
            got = f"a table of {len(target)}" if isinstance(target, (list, tuple)) else type(target).__name__
            raise ValueError(f"{describe(self)}: expected a table target with one entry per criterion ({n}), got {got}; "
                             "use repeat_target=True to give each criterion the whole target")
        return target

    def update_output(self, input, target):
        targets = self._targets(input, target)
        self.output = 0.0
        for i, (criterion, weight) in enumerate(zip(self.criterions, self.weights)):
            self.output += weight * criterion.update_output(input[i], targets[i])
        return self.output

    def update_grad_input(self, input, target):
        targets = self._targets(input, target)
        grads = [scaled_copy(criterion.update_grad_input(input[i], targets[i]), weight)
                 for i, (criterion, weight) in enumerate(zip(self.criterions, self.weights))]
        self.grad_input = grads + [zeros_like(x) for x in input[len(grads):]]
        return self.grad_input

    def astype(self, dtype):
        """Cast every added criterion."""
        self.dtype = np.dtype(dtype)
        for criterion in self.criterions:
            criterion.astype(dtype)
        return self

    def extra_repr(self):
        children = children_repr(self.criterions, self.weights)
        return children + (", repeat_target=True" if self.repeat_target else "")
