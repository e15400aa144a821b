"""Pooling."""
from .spatial_average_pooling import SpatialAveragePooling
from .spatial_max_pooling import SpatialMaxPooling

__all__ = ["SpatialAveragePooling", "SpatialMaxPooling"]
