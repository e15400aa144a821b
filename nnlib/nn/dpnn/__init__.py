"""dpnn's remaining modules (Clip, Inception, SpatialGlimpse, SpatialUniformCrop); NCE is in nn/nce, the REINFORCE family in nn/reinforcement."""
from .clip import Clip
from .inception import Inception
from .spatial_glimpse import SpatialGlimpse
from .spatial_uniform_crop import SpatialUniformCrop

__all__ = ["Clip", "Inception", "SpatialGlimpse", "SpatialUniformCrop"]
