"""`SequencerCriterion`: a criterion applied at every step of a sequence, losses summed."""
import numpy as np

from . import _fused_output
from ..criterion.class_nll_criterion import ClassNLLCriterion
from ..criterion.criterion import Criterion
from ..criterion.cross_entropy_criterion import CrossEntropyCriterion


class SequencerCriterion(Criterion):
    """loss = sum_t criterion(input[t], target[t]) (divided by T with size_average).

    Input (T, N, ...) and target (T, N, ...), time-major. An unweighted
    ClassNLLCriterion (without an `ignore_index`: steps ignoring different counts
    average over different rows) or CrossEntropyCriterion is evaluated in one call on the
    (T*N, C) reshaped input (same value and gradient as the per-step sum, the
    per-step factor applied in the same pass); other criterions step by step.

    ClassNLL's gradient is returned read-only: a Sequencer ending in Linear ->
    LogSoftMax that produced the input and is handed this very gradient skips
    the one-hot array and computes the logits' gradient directly (see
    `Sequencer`); read-only, the array it is handed is the one computed here.

    Args:
        criterion: the criterion applied at each step.
        size_average: divide the summed loss by the number of steps T.

    Shape:
        input: (T, N, ...) as the criterion takes (N, ...); target: (T, ...) likewise.
    """

    def __init__(self, criterion: Criterion, size_average: bool = False):
        super().__init__()
        self.criterion = criterion
        self.size_average = bool(size_average)

    def _batched(self):
        return (isinstance(self.criterion, (ClassNLLCriterion, CrossEntropyCriterion))
                and self.criterion.weights is None and getattr(self.criterion, "ignore_index", None) is None)

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
            labels = target.reshape(-1)
            g = self.criterion._scaled_grad_input(input.reshape((steps * n,) + input.shape[2:]), labels,
                                                  self._per_step_factor(steps, n))
            self.grad_input = g.reshape(input.shape)
            if isinstance(self.criterion, ClassNLLCriterion) and g.ndim == 2:
                self._offer_to_sequencer(input, labels, g)
        else:
            self.grad_input = np.stack([np.array(self.criterion.backward(input[t], target[t]), copy=True)
                                        for t in range(steps)])
            if self.size_average:
                self.grad_input /= steps
        return self.grad_input

    def _offer_to_sequencer(self, input, labels, g):
        """Hand the labels and ClassNLL's per-row gradient values to a fusing Sequencer (`_fused_output`)."""
        labels = np.asarray(labels)
        ignore = self.criterion.ignore_index
        if ignore is not None:
            labels = np.where(labels == ignore, 0, labels)  # an ignored row's gradient is 0 at every column
        row_scale = -g[np.arange(g.shape[0]), labels]
        _fused_output.offer(self.grad_input, input, labels.astype(np.int64, copy=False), row_scale)

    def astype(self, dtype):
        super().astype(dtype)
        self.criterion.astype(dtype)
        return self

    def __repr__(self):
        return f"nn.SequencerCriterion({self.criterion!r})"
