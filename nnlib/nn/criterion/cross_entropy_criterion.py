"""`CrossEntropyCriterion`: LogSoftMax and ClassNLLCriterion fused in one kernel."""
import numpy as np

from ...kernels import criterion as K
from .._checks import check_float_input, check_labels
from .criterion import Criterion


class CrossEntropyCriterion(Criterion):
    """loss = -sum_i w[t_i] * log_softmax(input_i)[t_i], / sum_i w[t_i] when size_average.

    `input` holds unnormalised scores; targets are 0-based labels. The
    gradient is w[t_i] / norm * (softmax(input_i) - onehot(t_i)).

    Args:
        weights: optional (C,) array rescaling each class.
        size_average: average over the samples' total weight (default) instead of summing.

    Shape:
        input: (N, C) or one sample (C,), float. target: (N,) integer labels in
        [0, C), as Torch7 also with singleton axes such as (N, 1); or one int.
    """

    def __init__(self, weights: np.ndarray | None = None, size_average: bool = True):
        super().__init__()
        self.weights = None if weights is None else np.asarray(weights, dtype=self.dtype)
        self.size_average = bool(size_average)

    def _prepare(self, input, target):
        check_float_input(self, input, (1, 2))
        x = input.reshape(1, -1) if input.ndim == 1 else input
        t = np.atleast_1d(target)
        if t.ndim > 1 and t.size == t.shape[np.argmax(t.shape)]:
            t = t.reshape(-1)  # Torch7 squeezes the target: (N, 1) labels are N labels
        t = check_labels(self, t, x.shape[0], x.shape[1])
        w = self._column_weights(x.shape[1], x.dtype, input.shape)
        return x, t, w

    def update_output(self, input, target):
        x, t, w = self._prepare(input, target)
        loss, _ = K.cross_entropy_update_output(x, t, w, self.size_average)
        self.output = float(loss)
        return self.output

    def update_grad_input(self, input, target):
        return self._scaled_grad_input(input, target, 1.0)

    def _scaled_grad_input(self, input, target, scale):
        """`update_grad_input` times `scale`, in the same pass (SequencerCriterion's per-step factor)."""
        x, t, w = self._prepare(input, target)
        gx = np.empty(x.shape, dtype=x.dtype)
        K.cross_entropy_update_grad_input(x, t, w, self.size_average, gx, scale)
        self.grad_input = gx.reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        return "" if self.size_average else "size_average=False"
