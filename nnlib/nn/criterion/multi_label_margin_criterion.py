"""`MultiLabelMarginCriterion`: the multi-label hinge loss over lists of target classes."""
import numpy as np

from ...kernels import criterion_margin as K
from .._checks import check_float_input, describe
from .criterion import Criterion


class MultiLabelMarginCriterion(Criterion):
    """Multi-label hinge loss: every target class must outscore every other class by 1.

    loss = sum_i sum_{k in Y_i} sum_{j not in Y_i} max(0, 1 - (x_ik - x_ij)) / D, divided
    by N when size_average.

    Every target class k of a sample must outscore every non-target class j by 1.
    Each row of `target` lists the sample's classes (0-based) and ends at its
    first -1 (Torch7's terminator was 0); entries after it are ignored, so
    samples can have different numbers of classes: [[0, 2, -1, -1], [3, -1, -1, -1]].

    Args:
        size_average: average over the samples (default) instead of summing
            (a field in Torch7, also a constructor argument here).

    Shape:
        input: (N, D) or one sample (D,), float. target: integers of the
        input's shape, each in [-1, D).
    """

    def __init__(self, size_average: bool = True):
        super().__init__()
        self.size_average = bool(size_average)

    def _prepare(self, input, target):
        check_float_input(self, input, (1, 2))
        if not isinstance(target, np.ndarray) or target.dtype.kind not in "iu":
            got = f"dtype {target.dtype}" if isinstance(target, np.ndarray) else type(target).__name__
            raise ValueError(f"{describe(self)}: expected integer target class lists (0-based, ended by -1), got {got}")
        if target.shape != input.shape:
            raise ValueError(f"{describe(self)}: target shape {target.shape} does not match input shape {input.shape}; "
                             "each row lists the sample's classes and is padded with -1 to the input's width")
        d = input.shape[-1]
        if target.size and (target.min() < -1 or target.max() >= d):
            bad = target[(target < -1) | (target >= d)][0]
            raise ValueError(f"{describe(self)}: target class {bad} is out of range [-1, {d}) (0-based labels, "
                             "-1 ends a list)")
        x = input.reshape(1, -1) if input.ndim == 1 else input
        return x, target.reshape(x.shape).astype(np.int64, copy=False)

    def update_output(self, input, target):
        x, t = self._prepare(input, target)
        self.output = float(K.multi_label_margin_update_output(x, t, self.size_average))
        return self.output

    def update_grad_input(self, input, target):
        x, t = self._prepare(input, target)
        grad = np.empty(x.shape, dtype=x.dtype)
        K.multi_label_margin_update_grad_input(x, t, self.size_average, grad)
        self.grad_input = grad.reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        return "" if self.size_average else "size_average=False"
