"""Stochastic regularisers."""
from .dropout import Dropout
from .spatial_dropout import SpatialDropout
from .volumetric_dropout import VolumetricDropout
from .white_noise import WhiteNoise

__all__ = ["Dropout", "SpatialDropout", "VolumetricDropout", "WhiteNoise"]
