"""Pooling."""
from .feature_lp_pooling import FeatureLPPooling
from .spatial_adaptive_average_pooling import SpatialAdaptiveAveragePooling
from .spatial_adaptive_max_pooling import SpatialAdaptiveMaxPooling
from .spatial_average_pooling import SpatialAveragePooling
from .spatial_dilated_max_pooling import SpatialDilatedMaxPooling
from .spatial_fractional_max_pooling import SpatialFractionalMaxPooling
from .spatial_lp_pooling import SpatialLPPooling
from .spatial_max_pooling import SpatialMaxPooling
from .spatial_max_unpooling import SpatialMaxUnpooling
from .temporal_dynamic_k_max_pooling import TemporalDynamicKMaxPooling
from .temporal_max_pooling import TemporalMaxPooling
from .volumetric_average_pooling import VolumetricAveragePooling
from .volumetric_dilated_max_pooling import VolumetricDilatedMaxPooling
from .volumetric_fractional_max_pooling import VolumetricFractionalMaxPooling
from .volumetric_max_pooling import VolumetricMaxPooling
from .volumetric_max_unpooling import VolumetricMaxUnpooling

__all__ = ["FeatureLPPooling", "SpatialAdaptiveAveragePooling", "SpatialAdaptiveMaxPooling", "SpatialAveragePooling",
           "SpatialDilatedMaxPooling", "SpatialFractionalMaxPooling", "SpatialLPPooling", "SpatialMaxPooling",
           "SpatialMaxUnpooling", "TemporalDynamicKMaxPooling", "TemporalMaxPooling", "VolumetricAveragePooling",
           "VolumetricDilatedMaxPooling", "VolumetricFractionalMaxPooling", "VolumetricMaxPooling",
           "VolumetricMaxUnpooling"]
