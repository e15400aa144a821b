"""`ReinforceBernoulli`: dpnn's ReinforceBernoulli: a 0/1 sample with the input's probabilities."""
import numpy as np

from ...random import get_rng
from .._checks import check_float_input
from .reinforce import Reinforce


class ReinforceBernoulli(Reinforce):
    """output ~ Bernoulli(input) element-wise (the probabilities themselves in evaluate mode).

    Args:
        stochastic: sample in evaluate mode too.

    Backward: -reward (output - p) / (p (1 - p)).

    Shape:
        probabilities (N, ...) -> (N, ...).
    """

    def update_output(self, input):
        check_float_input(self, input, tuple(range(1, 33)))
        if self._sampling():
            self.output = (get_rng().random(input.shape) < input).astype(self.dtype)
        else:
            self.output = np.array(input, copy=True)
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = -(self.output - input) / (input * (1 - input)) * self.reward_as(input)
        return self.grad_input
