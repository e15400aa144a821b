"""`DistanceRatioCriterion`: the probabilistic triplet loss on (similar, dissimilar) distances."""
import numpy as np

from ...kernels import criterion_pointwise as K
from ._pointwise import check_input_pair
from .criterion import Criterion


class DistanceRatioCriterion(Criterion):
    """Triplet loss on distances: sum log(1 + exp(X - Y)), X similar and Y dissimilar pairs.

    loss = sum -log(exp(-X) / (exp(-X) + exp(-Y))), divided by X's first size when size_average.

    X holds distances between similar samples, Y between dissimilar ones (a
    triplet network's anchor-positive and anchor-negative distances): the loss
    falls as X shrinks relative to Y. Evaluated as log(1 + exp(X - Y)), which
    neither under- nor overflows (Torch7's exp(-X) underflowed for distances
    past ~100). The target is ignored: `forward(input)`, `backward(input)`.

    Args:
        size_average: divide by the number of triplets (default) instead of summing.

    Shape:
        input: a table [X, Y] of two float arrays of one shape, e.g. (N,).
        target: ignored (optional).
    """

    def __init__(self, size_average: bool = True):
        super().__init__()
        self.size_average = bool(size_average)

    def forward(self, input, target=None):
        return super().forward(input, target)

    __call__ = forward

    def backward(self, input, target=None):
        return super().backward(input, target)

    def update_output(self, input, target=None):
        x, y = check_input_pair(self, input)
        self.output = float(K.distance_ratio_update_output(x.reshape(-1), y.reshape(-1), x.shape[0], self.size_average))
        return self.output

    def update_grad_input(self, input, target=None):
        x, y = check_input_pair(self, input)
        gx, gy = np.empty(x.shape, dtype=x.dtype), np.empty(y.shape, dtype=y.dtype)
        K.distance_ratio_update_grad_input(x.reshape(-1), y.reshape(-1), x.shape[0], self.size_average,
                                           gx.reshape(-1), gy.reshape(-1))
        self.grad_input = [gx, gy]
        return self.grad_input

    def extra_repr(self):
        return "" if self.size_average else "size_average=False"
