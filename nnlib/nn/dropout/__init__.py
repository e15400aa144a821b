"""Stochastic regularisers."""
from .dropout import Dropout
from .spatial_dropout import SpatialDropout

__all__ = ["Dropout", "SpatialDropout"]
