"""dpnn's remaining modules (Clip, SpatialGlimpse); NCE is in nn/nce, the REINFORCE family in nn/reinforcement."""
from .clip import Clip
from .spatial_glimpse import SpatialGlimpse

__all__ = ["Clip", "SpatialGlimpse"]
