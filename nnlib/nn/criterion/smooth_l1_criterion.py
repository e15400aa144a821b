"""`SmoothL1Criterion`: the Huber loss with threshold 1."""
from ...kernels import criterion_pointwise as K
from ._pointwise import PointwiseCriterion


class SmoothL1Criterion(PointwiseCriterion):
    """Smooth L1 (Huber) loss: 0.5 d^2 where |d| < 1, |d| - 0.5 elsewhere (d = input - target).

    Divided by the element count when size_average: squared error near the target, absolute
    error (less sensitive to outliers) far from it.

    Args:
        size_average: average over the elements (default) instead of summing.

    Shape:
        input: any shape, float. target: as many elements as the input, any
        shape (paired element by element in memory order, as Torch7).
    """

    def __init__(self, size_average: bool = True):
        super().__init__(size_average)

    def _loss(self, x, t):
        return K.smooth_l1_update_output(x, t, self.size_average)

    def _gradient(self, x, t, grad):
        K.smooth_l1_update_grad_input(x, t, self.size_average, grad)
