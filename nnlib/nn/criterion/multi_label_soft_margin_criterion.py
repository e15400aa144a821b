"""`MultiLabelSoftMarginCriterion`: one logistic loss per label (multi-label one-versus-all)."""
import numpy as np

from ...kernels import criterion_pointwise as K
from ._pointwise import weighted_columns
from .criterion import Criterion


class MultiLabelSoftMarginCriterion(Criterion):
    """Multi-label logistic loss: binary cross-entropy of sigmoid(input) per label.

    loss = -sum w_j (y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))), divided by the
    element count when size_average.

    `input` holds one unnormalised score (logit) per label, `target` 1 where the
    label applies and 0 where not. The stable form log(1 + exp(x)) - y x is
    used, as Torch7; the gradient is w_j (sigmoid(x) - y).

    Args:
        weights: optional (D,) array rescaling each label (the input's last axis).
        size_average: average over the elements (default) instead of summing.

    Shape:
        input: (D,), (N, D) or more axes, float. target: as many elements as the
        input, any shape (paired element by element in memory order).
    """

    def __init__(self, weights: np.ndarray | None = None, size_average: bool = True):
        super().__init__()
        self.weights = None if weights is None else np.asarray(weights, dtype=self.dtype)
        self.size_average = bool(size_average)

    def update_output(self, input, target):
        x, t, w = weighted_columns(self, input, target)
        self.output = float(K.multi_label_soft_margin_update_output(x, t, w, self.size_average))
        return self.output

    def update_grad_input(self, input, target):
        x, t, w = weighted_columns(self, input, target)
        grad = np.empty(x.shape, dtype=x.dtype)
        K.multi_label_soft_margin_update_grad_input(x, t, w, self.size_average, grad)
        self.grad_input = grad.reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        return "" if self.size_average else "size_average=False"
