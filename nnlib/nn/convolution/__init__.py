"""Convolutions."""
from .spatial_convolution import SpatialConvolution

__all__ = ["SpatialConvolution"]
