"""Batch, response and other normalisations."""
from .batch_normalization import BatchNormalization
from .spatial_batch_normalization import SpatialBatchNormalization
from .spatial_cross_map_lrn import SpatialCrossMapLRN

__all__ = ["BatchNormalization", "SpatialBatchNormalization", "SpatialCrossMapLRN"]
