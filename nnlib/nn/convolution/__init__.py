"""Convolutions, and `tables`: the connection tables of the *Map convolutions."""
from . import tables
from .spatial_convolution import SpatialConvolution
from .spatial_convolution_local import SpatialConvolutionLocal
from .spatial_convolution_map import SpatialConvolutionMap
from .spatial_convolution_mm import SpatialConvolutionMM
from .spatial_depth_wise_convolution import SpatialDepthWiseConvolution
from .spatial_dilated_convolution import SpatialDilatedConvolution
from .spatial_full_convolution import SpatialFullConvolution
from .spatial_full_convolution_map import SpatialFullConvolutionMap
from .spatial_sub_sampling import SpatialSubSampling
from .temporal_convolution import TemporalConvolution
from .temporal_row_convolution import TemporalRowConvolution
from .temporal_sub_sampling import TemporalSubSampling
from .volumetric_convolution import VolumetricConvolution
from .volumetric_dilated_convolution import VolumetricDilatedConvolution
from .volumetric_full_convolution import VolumetricFullConvolution

__all__ = ["SpatialConvolution", "SpatialConvolutionLocal", "SpatialConvolutionMM", "SpatialConvolutionMap",
           "SpatialDepthWiseConvolution", "SpatialDilatedConvolution", "SpatialFullConvolution",
           "SpatialFullConvolutionMap", "SpatialSubSampling", "TemporalConvolution", "TemporalRowConvolution",
           "TemporalSubSampling", "VolumetricConvolution",
           "VolumetricDilatedConvolution", "VolumetricFullConvolution", "tables"]
