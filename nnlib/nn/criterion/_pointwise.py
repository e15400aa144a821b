"""What the element-wise criterions share: a target paired with the input element by element.

Torch7's element-wise criterions (THNN's `THNN_CHECK_NELEMENT`) accept any target
holding as many elements as the input and pair the two in memory order: an (8,)
target for an (8, 1) output is the common case. `check_target` is that rule, in
one place, with an error naming both shapes when the counts differ;
`PointwiseCriterion` is the base of the criterions whose loss is a sum over
such pairs (MSE, Abs, SmoothL1, Margin, SoftMargin, DistKLDiv, HingeEmbedding...).
"""
import numbers

import numpy as np

from .._checks import check_float_input, describe
from .criterion import Criterion


def check_target(criterion, input, target, what="target"):
    """`target` as a flat array of `input`'s dtype, paired with `input` element by element.

    `target` is a numpy array of real numbers (bool, int or float) with as many
    elements as `input`, of any shape; a Python or numpy scalar counts as one
    element. Raises a ValueError naming the criterion and both shapes otherwise.
    """
    if isinstance(target, numbers.Real):
        target = np.asarray(target)
    if not isinstance(target, np.ndarray):
        raise ValueError(f"{describe(criterion)}: expected the {what} as a numpy array of the input's shape "
                         f"{input.shape}, got {type(target).__name__}")
    if target.dtype.kind not in "biuf":
        raise ValueError(f"{describe(criterion)}: expected a numeric {what}, got dtype {target.dtype}")
    if target.size != input.size:
        raise ValueError(f"{describe(criterion)}: {what} shape {target.shape} ({target.size} elements) does not match "
                         f"input shape {input.shape} ({input.size} elements); a {what} of another shape is paired "
                         "with the input element by element, so the element counts must agree")
    return target.reshape(-1).astype(input.dtype, copy=False)


def weighted_columns(criterion, input, target):
    """(input, target, weights) for a loss with one weight per input column (BCE, MultiLabelSoftMargin).

    `input` and `target` come back as (rows, D) views, D the input's last axis;
    `weights` is `criterion.weights` (checked to hold D entries) or ones.
    """
    check_float_input(criterion, input, range(1, 9))
    t = check_target(criterion, input, target)
    x = input.reshape(-1, input.shape[-1])
    return x, t.reshape(x.shape), criterion._column_weights(x.shape[1], x.dtype, input.shape)


class PointwiseCriterion(Criterion):
    """Base of the criterions summing a loss over (input, target) element pairs.

    Subclasses implement `_loss(x, t) -> float` and `_gradient(x, t, grad)` on the
    flat input and target (`grad` is the flat output to fill), honouring
    `self.size_average` (divide by the element count).
    """

    def __init__(self, size_average=True):
        super().__init__()
        self.size_average = bool(size_average)

    def _pair(self, input, target):
        check_float_input(self, input, range(1, 9))
        return input.reshape(-1), check_target(self, input, target)

    def update_output(self, input, target):
        x, t = self._pair(input, target)
        self.output = float(self._loss(x, t))
        return self.output

    def update_grad_input(self, input, target):
        x, t = self._pair(input, target)
        grad = np.empty(input.shape, dtype=input.dtype)
        self._gradient(x, t, grad.reshape(-1))
        self.grad_input = grad
        return grad

    def _loss(self, x, t):
        raise NotImplementedError(f"{type(self).__name__} does not implement _loss")

    def _gradient(self, x, t, grad):
        raise NotImplementedError(f"{type(self).__name__} does not implement _gradient")

    def extra_repr(self):
        return "" if self.size_average else "size_average=False"


def check_input_pair(criterion, input, ndims=range(1, 9)):
    """The two arrays of a criterion's table input `[a, b]`: float, the criterion's dtype, one shape."""
    if not isinstance(input, (list, tuple)) or len(input) != 2:
        got = f"a list of {len(input)}" if isinstance(input, (list, tuple)) else type(input).__name__
        raise ValueError(f"{describe(criterion)}: expected a table input [input1, input2] of two arrays, got {got}")
    a, b = input
    check_float_input(criterion, a, ndims)
    check_float_input(criterion, b, ndims)
    if a.shape != b.shape:
        raise ValueError(f"{describe(criterion)}: the two inputs differ in shape, {a.shape} and {b.shape}; "
                         "expected one shape")
    return a, b


def check_signs(criterion, labels):
    """Check that every label is 1 (similar) or -1 (dissimilar)."""
    wrong = (labels != 1) & (labels != -1)
    if wrong.any():
        raise ValueError(f"{describe(criterion)}: target labels must be 1 (similar) or -1 (dissimilar), "
                         f"got {labels[wrong][0]:g}")
