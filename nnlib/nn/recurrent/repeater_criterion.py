"""`RepeaterCriterion`: rnn's RepeaterCriterion: one target for every step of a sequence."""
import numpy as np

from ..criterion.criterion import Criterion


class RepeaterCriterion(Criterion):
    """loss = sum_t criterion(input[t], target): the same target at every step.

    Args:
        criterion: the per-step criterion.

    Shape:
        input (T, N, ...), target as one step's target (N, ...).
    """

    def __init__(self, criterion: Criterion):
        super().__init__()
        self.criterion = criterion

    def _check(self, input):
        input = np.asarray(input)
        if input.ndim < 2:
            raise ValueError(f"{self!r}: expected a time-major input (T, N, ...), got shape {input.shape}")
        return input

    def update_output(self, input, target):
        input = self._check(input)
        self.output = float(sum(self.criterion.forward(x_t, target) for x_t in input))
        return self.output

    def update_grad_input(self, input, target):
        input = self._check(input)
        self.grad_input = np.stack([np.array(self.criterion.backward(x_t, target), copy=True) for x_t in input])
        return self.grad_input

    def astype(self, dtype):
        super().astype(dtype)
        self.criterion.astype(dtype)
        return self

    def __repr__(self):
        return f"nn.RepeaterCriterion({self.criterion!r})"
