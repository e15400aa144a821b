"""`MarginCriterion`: the two-class hinge loss."""
from ...kernels import criterion_pointwise as K
from ._pointwise import PointwiseCriterion


class MarginCriterion(PointwiseCriterion):
    """loss = sum max(0, margin - input * target), divided by the element count when size_average.

    Targets are the classes +1 and -1 (other values scale the hinge, as in Torch7).

    Args:
        margin: the margin the score must clear (default 1).
        size_average: average over the elements (default) instead of summing
            (a field in Torch7, also a constructor argument here).

    Shape:
        input: any shape, float. target: as many elements as the input, any
        shape (paired element by element in memory order, as Torch7).
    """

    def __init__(self, margin: float = 1, size_average: bool = True):
        super().__init__(size_average)
        self.margin = float(margin)

    def _loss(self, x, t):
        return K.margin_update_output(x, t, self.margin, self.size_average)

    def _gradient(self, x, t, grad):
        K.margin_update_grad_input(x, t, self.margin, self.size_average, grad)

    def extra_repr(self):
        return ", ".join([f"margin={self.margin:g}"] + ([] if self.size_average else ["size_average=False"]))
