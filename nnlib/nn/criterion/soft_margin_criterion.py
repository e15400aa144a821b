"""`SoftMarginCriterion`: the two-class logistic loss."""
from ...kernels import criterion_pointwise as K
from ._pointwise import PointwiseCriterion


class SoftMarginCriterion(PointwiseCriterion):
    """loss = sum log(1 + exp(-input * target)), divided by the element count when size_average.

    Targets are the classes +1 and -1. Computed without overflow (Torch7's
    log(1 + exp(z)) is inf once z passes ~88 in float32).

    Args:
        size_average: average over the elements (default) instead of summing
            (a field in Torch7, also a constructor argument here).

    Shape:
        input: any shape, float. target: as many elements as the input, any
        shape (paired element by element in memory order, as Torch7).
    """

    def __init__(self, size_average: bool = True):
        super().__init__(size_average)

    def _loss(self, x, t):
        return K.soft_margin_update_output(x, t, self.size_average)

    def _gradient(self, x, t, grad):
        K.soft_margin_update_grad_input(x, t, self.size_average, grad)
