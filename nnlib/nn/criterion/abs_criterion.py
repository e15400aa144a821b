"""`AbsCriterion`: mean absolute error (L1 loss)."""
from ...kernels import criterion_pointwise as K
from ._pointwise import PointwiseCriterion


class AbsCriterion(PointwiseCriterion):
    """loss = sum |input - target|, divided by the element count when size_average.

    The gradient at input == target is +1 (Torch7's choice; PyTorch's L1Loss gives 0).

    Args:
        size_average: average over the elements (default) instead of summing.

    Shape:
        input: any shape, float. target: as many elements as the input, any
        shape (paired element by element in memory order, as Torch7).
    """

    def __init__(self, size_average: bool = True):
        super().__init__(size_average)

    def _loss(self, x, t):
        return K.abs_update_output(x, t, self.size_average)

    def _gradient(self, x, t, grad):
        K.abs_update_grad_input(x, t, self.size_average, grad)
