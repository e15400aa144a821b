"""`HingeEmbeddingCriterion`: pulls similar pairs' distances down, pushes dissimilar ones past a margin."""
from ...kernels import criterion_pointwise as K
from ._pointwise import PointwiseCriterion, check_signs


class HingeEmbeddingCriterion(PointwiseCriterion):
    """Hinge embedding loss: x where y = 1, max(0, margin - x) where y = -1.

    Summed, divided by the element count when size_average.

    `input` holds distances between pairs (e.g. a PairwiseDistance's output),
    `target` the labels y: 1 for a similar pair, -1 for a dissimilar one.

    Args:
        margin: the distance dissimilar pairs are pushed beyond (default 1).
        size_average: average over the elements (default) instead of summing
            (a field in Torch7, also a constructor argument here).

    Shape:
        input: any shape, float. target: +1/-1 labels, as many as the input's
        elements, any shape (a number for a one-element input).
    """

    def __init__(self, margin: float = 1, size_average: bool = True):
        super().__init__(size_average)
        self.margin = float(margin)

    def _pair(self, input, target):
        x, t = super()._pair(input, target)
        check_signs(self, t)
        return x, t

    def _loss(self, x, t):
        return K.hinge_embedding_update_output(x, t, self.margin, self.size_average)

    def _gradient(self, x, t, grad):
        K.hinge_embedding_update_grad_input(x, t, self.margin, self.size_average, grad)

    def extra_repr(self):
        return ", ".join([f"margin={self.margin:g}"] + ([] if self.size_average else ["size_average=False"]))
