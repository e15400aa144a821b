"""dpnn's remaining modules (Clip); NCE is in nn/nce, the REINFORCE family in nn/reinforcement."""
from .clip import Clip

__all__ = ["Clip"]
