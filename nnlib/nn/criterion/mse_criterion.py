"""`MSECriterion`: mean squared error."""
from ...kernels import criterion as K
from ._pointwise import PointwiseCriterion


class MSECriterion(PointwiseCriterion):
    """loss = sum((input - target)^2), divided by the element count when size_average.

    Args:
        size_average: average over the elements (default) instead of summing.

    Shape:
        input: any shape, float. target: as many elements as the input, any
        shape (paired element by element in memory order, as Torch7).
    """

    def __init__(self, size_average: bool = True):
        super().__init__(size_average)

    def _loss(self, x, t):
        return K.mse_update_output(x, t, self.size_average)

    def _gradient(self, x, t, grad):
        K.mse_update_grad_input(x, t, self.size_average, grad)
