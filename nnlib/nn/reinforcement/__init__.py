"""dpnn's REINFORCE modules: stochastic sampling layers trained by a reward, and VRClassReward."""
from .reinforce import Reinforce, reinforce
from .reinforce_bernoulli import ReinforceBernoulli
from .reinforce_categorical import ReinforceCategorical
from .reinforce_normal import ReinforceNormal
from .vr_class_reward import VRClassReward

__all__ = ["Reinforce", "ReinforceBernoulli", "ReinforceCategorical", "ReinforceNormal", "VRClassReward", "reinforce"]
