"""Batch, layer, response and local (subtractive, divisive, contrastive) normalisations."""
from .batch_normalization import BatchNormalization
from .image_kernels import image_gaussian, image_gaussian1d
from .layer_normalization import LayerNormalization
from .spatial_batch_normalization import SpatialBatchNormalization
from .spatial_contrastive_normalization import SpatialContrastiveNormalization
from .spatial_cross_map_lrn import SpatialCrossMapLRN
from .spatial_divisive_normalization import SpatialDivisiveNormalization
from .spatial_normalization import SpatialNormalization
from .spatial_subtractive_normalization import SpatialSubtractiveNormalization
from .volumetric_batch_normalization import VolumetricBatchNormalization

__all__ = ["BatchNormalization", "LayerNormalization", "SpatialBatchNormalization", "SpatialContrastiveNormalization",
           "SpatialCrossMapLRN", "SpatialDivisiveNormalization", "SpatialNormalization",
           "SpatialSubtractiveNormalization",
           "VolumetricBatchNormalization", "image_gaussian", "image_gaussian1d"]
