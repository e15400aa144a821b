"""`MultiCriterion`: a weighted sum of criterions on one input and target."""
import numpy as np

from ._composite import add_scaled, children_repr, scaled_copy, zeros_like
from .criterion import Criterion


class MultiCriterion(Criterion):
    """loss = sum_i weight_i * criterion_i(input, target).

    Every criterion sees the same input and target; the gradient is the
    weighted sum of theirs. `add(criterion, weight=1)` appends one and returns
    this criterion, as Torch7.

    Shape:
        input, target: whatever the added criterions take (all the same).
    """

    def __init__(self):
        super().__init__()
        self.criterions = []
        self.weights = []

    def add(self, criterion, weight=1.0):
        """Append `criterion` with `weight`; returns self."""
        if not isinstance(criterion, Criterion):
            raise ValueError(f"nn.MultiCriterion.add: expected a criterion, got {type(criterion).__name__}")
        self.criterions.append(criterion)
        self.weights.append(float(weight))
        return self

    def update_output(self, input, target):
        self.output = 0.0
        for criterion, weight in zip(self.criterions, self.weights):
            self.output += weight * criterion.update_output(input, target)
        return self.output

    def update_grad_input(self, input, target):
        if not self.criterions:
            self.grad_input = zeros_like(input)
            return self.grad_input
        grad = None
        for criterion, weight in zip(self.criterions, self.weights):
            g = criterion.update_grad_input(input, target)
            if grad is None:
                grad = scaled_copy(g, weight)
            else:
                add_scaled(grad, g, weight, self)
        self.grad_input = grad
        return grad

    def astype(self, dtype):
        """Cast every added criterion."""
        self.dtype = np.dtype(dtype)
        for criterion in self.criterions:
            criterion.astype(dtype)
        return self

    def extra_repr(self):
        return children_repr(self.criterions, self.weights)
