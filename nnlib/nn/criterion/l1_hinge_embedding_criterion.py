"""`L1HingeEmbeddingCriterion`: the hinge embedding loss on the L1 distance of two arrays."""
import numbers

import numpy as np

from .._checks import describe
from ._pointwise import check_input_pair, check_signs
from .criterion import Criterion


class L1HingeEmbeddingCriterion(Criterion):
    """loss = d if y = 1, max(0, margin - d) if y = -1, where d = ||x1 - x2||_1 over all elements.

    One pair per call, never averaged (as Torch7). The gradient of |x1 - x2| at
    a tie is 0 (Torch7 drew a random sign there).

    Args:
        margin: the distance dissimilar pairs are pushed beyond (default 1).

    Shape:
        input: a table [x1, x2] of two float arrays of one shape. target: the
        label 1 (similar) or -1 (dissimilar), a number or a one-element array.
    """

    def __init__(self, margin: float = 1):
        super().__init__()
        self.margin = float(margin)

    def _prepare(self, input, target):
        a, b = check_input_pair(self, input)
        y = np.asarray(target) if isinstance(target, (numbers.Real, np.ndarray)) else None
        if y is None or y.size != 1 or y.dtype.kind not in "biuf":
            got = f"shape {y.shape}, dtype {y.dtype}" if y is not None else type(target).__name__
            raise ValueError(f"{describe(self)}: expected the label of the pair, 1 or -1 (a number), got {got}")
        check_signs(self, y.reshape(1))
        return a, b, float(y.reshape(()))

    def update_output(self, input, target):
        a, b, y = self._prepare(input, target)
        d = float(np.abs(a - b).sum(dtype=np.float64))
        self.output = d if y == 1 else max(0.0, self.margin - d)
        return self.output

    def update_grad_input(self, input, target):
        a, b, y = self._prepare(input, target)
        ga = np.sign(a - b)
        if y == -1:
            ga *= 0.0 if float(np.abs(a - b).sum(dtype=np.float64)) > self.margin else -1.0
        self.grad_input = [ga, -ga]
        return self.grad_input

    def extra_repr(self):
        return f"margin={self.margin:g}"
