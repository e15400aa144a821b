"""`VRClassReward`: dpnn's VRClassReward: variance-reduced classification reward for REINFORCE."""
import numpy as np

from ..criterion.criterion import Criterion
from ..criterion.mse_criterion import MSECriterion
from ..module import Module
from .reinforce import reinforce


class VRClassReward(Criterion):
    """reward = scale * (argmax(input[0]) == target); loss = -mean reward; trains the baseline input[1].

    Args:
        module: the model whose Reinforce modules get the variance-reduced
            reward (reward - baseline) / N at backward (dpnn's module:reinforce).
        scale: reward scale.
        criterion: the baseline's regression criterion (default MSECriterion).

    backward gives zeros for the class scores (their gradient comes from
    the classification criterion alongside) and the baseline criterion's
    gradient towards the reward for input[1].

    Shape:
        input [scores (N, C), baseline (N,) or (N, 1)], target (N,) 0-based classes.
    """

    def __init__(self, module: Module, scale: float = 1.0, criterion: Criterion | None = None):
        super().__init__()
        self.module = module
        self.scale = float(scale)
        self.criterion = MSECriterion() if criterion is None else criterion
        self.size_average = True

    def _unpack(self, input, target):
        if not isinstance(input, (list, tuple)) or len(input) != 2:
            raise ValueError(f"{self!r}: expected the table [scores (N, C), baseline (N,)]")
        scores, baseline = np.asarray(input[0]), np.asarray(input[1])
        target = np.asarray(target).reshape(-1)
        if scores.ndim != 2 or target.shape != scores.shape[:1] or baseline.size != scores.shape[0]:
            raise ValueError(f"{self!r}: scores {scores.shape}, baseline {baseline.shape} and target {target.shape} "
                             f"must be (N, C), (N,) and (N,)")
        return scores, baseline, target

    def update_output(self, input, target):
        scores, _, target = self._unpack(input, target)
        self.reward = self.scale * (scores.argmax(axis=1) == target).astype(scores.dtype)
        loss = -self.reward.sum()
        self.output = float(loss / scores.shape[0] if self.size_average else loss)
        return self.output

    def update_grad_input(self, input, target):
        scores, baseline, target = self._unpack(input, target)
        self.update_output(input, target)
        vr = self.reward - baseline.reshape(-1)
        if self.size_average:
            vr = vr / scores.shape[0]
        reinforce(self.module, vr)
        reward = self.reward.reshape(baseline.shape).astype(baseline.dtype)
        self.criterion.forward(baseline, reward)
        self.grad_input = [np.zeros_like(scores), np.array(self.criterion.backward(baseline, reward), copy=True)]
        return self.grad_input

    def astype(self, dtype):
        super().astype(dtype)
        self.criterion.astype(dtype)
        return self

    def __repr__(self):
        return f"nn.VRClassReward(scale={self.scale:g})"
