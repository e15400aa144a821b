"""`ReinforceNormal`: dpnn's ReinforceNormal: a Gaussian sample around the input mean."""
import numpy as np

from ...random import get_rng
from .._checks import check_float_input
from .reinforce import Reinforce


class ReinforceNormal(Reinforce):
    """output ~ N(mean, stdev^2) (the mean itself in evaluate mode); REINFORCE gradient w.r.t. the mean.

    Args:
        stdev: the standard deviation (a number).
        stochastic: sample in evaluate mode too.

    Backward: -reward (output - mean) / stdev^2 (dpnn's; the input table
    [mean, stdev] form is not supported).

    Shape:
        mean (N, ...) -> (N, ...).
    """

    def __init__(self, stdev: float, stochastic: bool = False):
        super().__init__(stochastic)
        self.stdev = float(stdev)

    def update_output(self, input):
        check_float_input(self, input, tuple(range(1, 33)))
        if self._sampling():
            self.output = input + self.dtype.type(self.stdev) * get_rng().standard_normal(input.shape).astype(self.dtype)
        else:
            self.output = np.array(input, copy=True)
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = -(self.output - input) / self.dtype.type(self.stdev ** 2) * self.reward_as(input)
        return self.grad_input

    def extra_repr(self):
        return f"{self.stdev:g}" + (", stochastic=True" if self.stochastic else "")
