"""dpnn's remaining modules (Clip, Dictionary, Inception, Serial, SpatialGlimpse, SpatialUniformCrop); NCE is in nn/nce, the REINFORCE family in nn/reinforcement."""
from .clip import Clip
from .dictionary import Dictionary
from .inception import Inception
from .serial import Serial
from .spatial_glimpse import SpatialGlimpse
from .spatial_uniform_crop import SpatialUniformCrop

__all__ = ["Clip", "Dictionary", "Inception", "Serial", "SpatialGlimpse", "SpatialUniformCrop"]
