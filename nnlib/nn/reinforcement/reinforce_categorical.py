"""`ReinforceCategorical`: dpnn's ReinforceCategorical: a one-hot sample of each row's categorical distribution."""
import numpy as np

from ...random import get_rng
from .._checks import check_float_input
from .reinforce import Reinforce

_EPS = 1e-8


class ReinforceCategorical(Reinforce):
    """output = one-hot of a class drawn from each row's probabilities (the probabilities in evaluate mode).

    Args:
        stochastic: sample in evaluate mode too.

    Backward: -reward output / (p + 1e-8) (the gradient of log p_class).

    Shape:
        probabilities (N, C) -> one-hot (N, C).
    """

    def update_output(self, input):
        check_float_input(self, input, (2,))
        if self._sampling():
            p = input.astype(np.float64) + _EPS
            cdf = np.cumsum(p, axis=1)
            u = get_rng().random(input.shape[0]) * cdf[:, -1]
            idx = np.minimum((cdf < u[:, None]).sum(axis=1), input.shape[1] - 1)
            self.output = np.zeros_like(input)
            self.output[np.arange(input.shape[0]), idx] = 1
        else:
            self.output = np.array(input, copy=True)
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = -self.output / (input + self.dtype.type(_EPS)) * self.reward_as(input)
        return self.grad_input
