"""dpnn's remaining modules (Clip, Inception, SpatialGlimpse); NCE is in nn/nce, the REINFORCE family in nn/reinforcement."""
from .clip import Clip
from .inception import Inception
from .spatial_glimpse import SpatialGlimpse

__all__ = ["Clip", "Inception", "SpatialGlimpse"]
