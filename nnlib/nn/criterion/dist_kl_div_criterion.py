"""`DistKLDivCriterion`: Kullback-Leibler divergence of a target distribution from log-probabilities."""
from ...kernels import criterion_pointwise as K
from ._pointwise import PointwiseCriterion


class DistKLDivCriterion(PointwiseCriterion):
    """Kullback-Leibler divergence of a target distribution from log-probabilities.

    loss = sum over target > 0 of target * (log(target) - input), divided by the element
    count when size_average.

    `input` holds log-probabilities (e.g. after LogSoftMax), `target` probabilities;
    target elements <= 0 add nothing, to the loss or the gradient (as Torch7).

    Args:
        size_average: average over the elements (default) instead of summing
            (a field in Torch7, also a constructor argument here).

    Shape:
        input: any shape, float. target: as many elements as the input, any
        shape (paired element by element in memory order; Torch7 asked for the
        same shape).
    """

    def __init__(self, size_average: bool = True):
        super().__init__(size_average)

    def _loss(self, x, t):
        return K.dist_kl_div_update_output(x, t, self.size_average)

    def _gradient(self, x, t, grad):
        K.dist_kl_div_update_grad_input(x, t, self.size_average, grad)
