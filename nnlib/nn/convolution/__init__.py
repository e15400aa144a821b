"""Convolutions, and `tables`: the connection tables of the *Map convolutions."""
from . import tables
from .spatial_convolution import SpatialConvolution
from .spatial_convolution_map import SpatialConvolutionMap
from .spatial_convolution_mm import SpatialConvolutionMM
from .spatial_dilated_convolution import SpatialDilatedConvolution
from .spatial_full_convolution import SpatialFullConvolution
from .spatial_full_convolution_map import SpatialFullConvolutionMap
from .volumetric_convolution import VolumetricConvolution
from .volumetric_dilated_convolution import VolumetricDilatedConvolution
from .volumetric_full_convolution import VolumetricFullConvolution

__all__ = ["SpatialConvolution", "SpatialConvolutionMM", "SpatialConvolutionMap", "SpatialDilatedConvolution",
           "SpatialFullConvolution", "SpatialFullConvolutionMap", "VolumetricConvolution",
           "VolumetricDilatedConvolution", "VolumetricFullConvolution", "tables"]
