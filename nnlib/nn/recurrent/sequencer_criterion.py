"""`SequencerCriterion`: a criterion applied at every step of a sequence, losses summed."""
import numpy as np

from ..criterion.class_nll_criterion import ClassNLLCriterion
from ..criterion.criterion import Criterion


class SequencerCriterion(Criterion):
    """loss = sum_t criterion(input[t], target[t]) (divided by T with size_average).

    Input (T, N, ...) and target (T, N, ...), time-major. An unweighted
    ClassNLLCriterion is evaluated in one call on the (T*N, C) reshaped input
    (same value and gradient as the per-step sum); other criterions step by step.
    """

    def __init__(self, criterion, size_average=False):
        super().__init__()
        self.criterion = criterion
        self.size_average = bool(size_average)

    def _batched(self):
        return isinstance(self.criterion, ClassNLLCriterion) and self.criterion.weights is None

    def _check(self, input, target):
        target = np.asarray(target)
        if input.ndim < 2 or target.shape[:1] != input.shape[:1]:
            raise ValueError(f"{self!r}: input {input.shape} and target {target.shape} must both be time-major "
                             f"(T, N, ...) with the same T")
        return target

    def _per_step_factor(self, steps, n):
        """Factor turning the criterion's loss on (T*N) rows into the sum of T per-step losses."""
        factor = float(steps) if self.criterion.size_average else 1.0
        return factor / steps if self.size_average else factor

    def update_output(self, input, target):
        target = self._check(input, target)
        steps = input.shape[0]
        if self._batched():
            n = input.shape[1]
            loss = self.criterion.forward(input.reshape((steps * n,) + input.shape[2:]), target.reshape(-1))
            self.output = loss * self._per_step_factor(steps, n)
        else:
            total = sum(self.criterion.forward(input[t], target[t]) for t in range(steps))
            self.output = total / steps if self.size_average else total
        return self.output

    def update_grad_input(self, input, target):
        target = self._check(input, target)
        steps = input.shape[0]
        if self._batched():
            n = input.shape[1]
            g = self.criterion.backward(input.reshape((steps * n,) + input.shape[2:]), target.reshape(-1))
            factor = self._per_step_factor(steps, n)
            if factor != 1:
                g *= g.dtype.type(factor)  # in place: the (T*N, C) gradient can be large
            self.grad_input = g.reshape(input.shape)
        else:
            self.grad_input = np.stack([np.array(self.criterion.backward(input[t], target[t]), copy=True)
                                        for t in range(steps)])
            if self.size_average:
                self.grad_input /= steps
        return self.grad_input

    def astype(self, dtype):
        super().astype(dtype)
        self.criterion.astype(dtype)
        return self

    def __repr__(self):
        return f"nn.SequencerCriterion({self.criterion!r})"
