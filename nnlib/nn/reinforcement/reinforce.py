"""`Reinforce`: dpnn's base of the REINFORCE sampling modules, and `reinforce()` to hand them a reward."""
import numpy as np

from ..module import Module


def reinforce(model, reward):
    """dpnn's Module:reinforce(reward): give `reward` (N,) to every Reinforce module in `model`'s tree."""
    reward = np.asarray(reward)
    seen, stack = set(), [model]
    while stack:  # the tree, and the step clones of recurrent modules (rnn's AbstractRecurrent:reinforce)
        m = stack.pop()
        if id(m) in seen:
            continue
        seen.add(id(m))
        if isinstance(m, Reinforce):
            m.reinforce(reward)
        stack.extend(m.children())
        stack.extend(getattr(m, "step_clones", list)())


class Reinforce(Module):
    """Samples its output from a distribution its input parametrises; backward is the REINFORCE gradient.

    Args:
        stochastic: sample in evaluate mode too (by default evaluation
            outputs the distribution's mean / mode, as dpnn).

    Backward ignores grad_output: the gradient is -reward * d log p(output |
    input) / d input (Williams 1992), with the (N,) reward given beforehand by
    `reinforce(model, reward)` (VRClassReward does it), broadcast over each
    row. Subclasses: ReinforceNormal, ReinforceBernoulli, ReinforceCategorical.

    Shape:
        (N, ...) -> (N, ...).
    """

    transient_attributes = ("reward",)

    def __init__(self, stochastic: bool = False):
        super().__init__()
        self.stochastic = bool(stochastic)
        self.reward = None

    def reinforce(self, reward):
        """Store the (N,) reward of the last forward's samples."""
        self.reward = np.asarray(reward)

    def _sampling(self):
        return self.stochastic or self.train

    def reward_as(self, x):
        """The reward broadcast to `x`'s shape, one value per row."""
        if self.reward is None:
            raise ValueError(f"{self!r}: backward needs a reward: call nn.reinforce(model, reward) (or use "
                             f"VRClassReward) after the forward")
        r = self.reward.reshape(-1)
        if r.shape[0] != x.shape[0]:
            raise ValueError(f"{self!r}: reward has {r.shape[0]} values for {x.shape[0]} rows")
        return r.reshape((-1,) + (1,) * (x.ndim - 1)).astype(x.dtype)

    def extra_repr(self):
        return "stochastic=True" if self.stochastic else ""
