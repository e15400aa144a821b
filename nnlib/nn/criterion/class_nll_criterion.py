"""`ClassNLLCriterion`: negative log-likelihood of integer class labels."""
import numpy as np

from ...kernels import softmax as K
from .._checks import check_float_input, check_labels
from .criterion import Criterion


class ClassNLLCriterion(Criterion):
    """loss = -sum_i w[t_i] * input[i, t_i], divided by sum_i w[t_i] when size_average.

    `input` holds log-probabilities (e.g. after LogSoftMax); targets are 0-based
    class labels. Samples whose label equals `ignore_index` add nothing to the
    loss, to the gradient or to the normaliser; when every sample is ignored the
    loss and gradient are 0 (as Torch7; PyTorch's NLLLoss gives NaN).

    Args:
        weights: optional (C,) array rescaling each class.
        size_average: average over the samples' total weight (default) instead of summing.
        ignore_index: a label to skip (e.g. -1 for padding), or None (default) to
            skip none. Torch7's default -100 was a 1-based label no class has.

    Shape:
        input: (N, C) or one sample (C,), float. target: (N,) integer labels in
        [0, C) (or ignore_index), or one int for a single sample.
    """

    def __init__(self, weights: np.ndarray | None = None, size_average: bool = True, ignore_index: int | None = None):
        super().__init__()
        self.weights = None if weights is None else np.asarray(weights, dtype=self.dtype)
        self.size_average = bool(size_average)
        self.ignore_index = None if ignore_index is None else int(ignore_index)

    def _prepare(self, input, target):
        """(input rows, labels, class weights, mask of kept rows or None when all are kept)."""
        check_float_input(self, input, (1, 2))
        x = input.reshape(1, -1) if input.ndim == 1 else input
        t = np.atleast_1d(target)
        keep = None
        if self.ignore_index is not None and isinstance(t, np.ndarray) and t.dtype.kind in "iu":
            ignored = t == self.ignore_index
            if ignored.any():
                keep = ~ignored
                t = np.where(ignored, 0, t)
        t = check_labels(self, t, x.shape[0], x.shape[1])
        w = self._column_weights(x.shape[1], x.dtype, input.shape)
        if keep is not None:
            x, t = x[keep], t[keep]
        return x, t, w, keep

    def update_output(self, input, target):
        x, t, w, _ = self._prepare(input, target)
        loss, _ = K.class_nll_update_output(x, t, w, self.size_average)
        self.output = float(loss)
        return self.output

    def update_grad_input(self, input, target):
        return self._scaled_grad_input(input, target, 1.0)

    def _scaled_grad_input(self, input, target, scale):
        """`update_grad_input` times `scale`, in the same pass (SequencerCriterion's per-step factor)."""
        x, t, w, keep = self._prepare(input, target)
        total_weight = float(w[t].sum())
        gx = np.empty_like(x)
        K.class_nll_update_grad_input(t, w, self.size_average, total_weight, scale, gx)
        if keep is not None:
            full = np.zeros((keep.size, gx.shape[1]), dtype=gx.dtype)
            full[keep] = gx
            gx = full
        self.grad_input = gx.reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        settings = [] if self.size_average else ["size_average=False"]
        if self.ignore_index is not None:
            settings.append(f"ignore_index={self.ignore_index}")
        return ", ".join(settings)
