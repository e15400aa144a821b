"""Upsampling of images and volumes: nearest neighbour and (bi/tri)linear."""
from .spatial_up_sampling_bilinear import SpatialUpSamplingBilinear
from .spatial_up_sampling_nearest import SpatialUpSamplingNearest
from .up_sampling import UpSampling

__all__ = ["SpatialUpSamplingBilinear", "SpatialUpSamplingNearest", "UpSampling"]
