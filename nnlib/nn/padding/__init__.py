"""Padding of spatial planes."""
from .spatial_zero_padding import SpatialZeroPadding

__all__ = ["SpatialZeroPadding"]
