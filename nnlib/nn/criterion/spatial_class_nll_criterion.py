"""`SpatialClassNLLCriterion`: ClassNLLCriterion at every pixel of an image batch."""
import numpy as np

from ...kernels import spatial_class_nll as K
from .._checks import check_float_input, describe
from .criterion import Criterion


class SpatialClassNLLCriterion(Criterion):
    """Per-pixel negative log-likelihood over the channels (Torch7's SpatialClassNLLCriterion).

    loss = -sum_{b,y,x} w_t input[b, t, y, x] with t = target[b, y, x], divided by the
    pixels' total weight when size_average.

    Per-pixel classification (segmentation): `input` holds log-probabilities
    over the C channels (e.g. after a LogSoftMax over axis 1), `target` the
    0-based class of each pixel. PyTorch's NLLLoss on 4-D input (formerly NLLLoss2d).

    Args:
        weights: optional (C,) array rescaling each class.
        size_average: average over the pixels' total weight (default) instead of summing.

    Shape:
        input: (N, C, H, W), float. target: (N, H, W) integer labels in [0, C).
    """

    def __init__(self, weights: np.ndarray | None = None, size_average: bool = True):
        super().__init__()
        self.weights = None if weights is None else np.asarray(weights, dtype=self.dtype)
        self.size_average = bool(size_average)

    def _prepare(self, input, target):
        check_float_input(self, input, (4,))
        n, c, h, w = input.shape
        if not isinstance(target, np.ndarray) or target.dtype.kind not in "iu":
            got = f"dtype {target.dtype}" if isinstance(target, np.ndarray) else type(target).__name__
            raise ValueError(f"{describe(self)}: targets must be integer class labels (0-based), got {got}")
        if target.shape != (n, h, w):
            raise ValueError(f"{describe(self)}: target shape {target.shape} does not match input shape {input.shape}; "
                             f"expected one label per pixel, ({n}, {h}, {w})")
        if target.size and (target.min() < 0 or target.max() >= c):
            bad = target[(target < 0) | (target >= c)][0]
            raise ValueError(f"{describe(self)}: target label {bad} is out of range [0, {c}); labels are 0-based")
        return target.astype(np.int64, copy=False), self._column_weights(c, input.dtype, input.shape)

    def update_output(self, input, target):
        t, w = self._prepare(input, target)
        loss, _ = K.spatial_class_nll_update_output(input, t, w, self.size_average)
        self.output = float(loss)
        return self.output

    def update_grad_input(self, input, target):
        t, w = self._prepare(input, target)
        _, total_weight = K.spatial_class_nll_update_output(input, t, w, self.size_average)
        grad = np.empty(input.shape, dtype=input.dtype)
        K.spatial_class_nll_update_grad_input(t, w, self.size_average, total_weight, grad)
        self.grad_input = grad
        return grad

    def extra_repr(self):
        return "" if self.size_average else "size_average=False"
