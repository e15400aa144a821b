"""`MultiMarginCriterion`: the multi-class hinge loss."""
import numpy as np

from ...kernels import criterion_margin as K
from .._checks import check_float_input, check_labels
from .criterion import Criterion


class MultiMarginCriterion(Criterion):
    """Multi-class hinge loss: the target class's score must beat every other by `margin`.

    loss = sum_i w_{y_i} sum_{j != y_i} max(0, margin - x_{i,y_i} + x_ij)^p / D, divided by N
    when size_average.

    Each sample's score for its class y must beat every other score by `margin`.
    As Torch7 (and PyTorch's MultiMarginLoss), `w[y]` multiplies the p-th power
    (Torch7's doc put it inside).

    Args:
        p: 1 or 2, the power of each hinge (default 1).
        weights: optional (D,) array rescaling each class's samples.
        margin: the margin (default 1).
        size_average: average over the samples (default) instead of summing
            (a field in Torch7, also a constructor argument here).

    Shape:
        input: (N, D) or one sample (D,), float. target: (N,) 0-based labels in
        [0, D), or one int for a single sample.
    """

    def __init__(self, p: int = 1, weights: np.ndarray | None = None, margin: float = 1, size_average: bool = True):
        super().__init__()
        if p not in (1, 2):
            raise ValueError(f"nn.MultiMarginCriterion: p must be 1 or 2, got {p!r}")
        self.p = int(p)
        self.weights = None if weights is None else np.asarray(weights, dtype=self.dtype)
        self.margin = float(margin)
        self.size_average = bool(size_average)

    def _prepare(self, input, target):
        check_float_input(self, input, (1, 2))
        x = input.reshape(1, -1) if input.ndim == 1 else input
        t = check_labels(self, np.atleast_1d(target), x.shape[0], x.shape[1])
        return x, t, self._column_weights(x.shape[1], x.dtype, input.shape)

    def update_output(self, input, target):
        x, t, w = self._prepare(input, target)
        self.output = float(K.multi_margin_update_output(x, t, self.p, w, self.margin, self.size_average))
        return self.output

    def update_grad_input(self, input, target):
        x, t, w = self._prepare(input, target)
        grad = np.empty(x.shape, dtype=x.dtype)
        K.multi_margin_update_grad_input(x, t, self.p, w, self.margin, self.size_average, grad)
        self.grad_input = grad.reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        settings = [f"p={self.p}", f"margin={self.margin:g}"]
        if self.weights is not None:
            settings.append("weighted")
        if not self.size_average:
            settings.append("size_average=False")
        return ", ".join(settings)
