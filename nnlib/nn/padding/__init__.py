"""Padding of spatial planes and volumes."""
from .spatial_padding import SpatialPadding
from .spatial_reflection_padding import SpatialReflectionPadding
from .spatial_replication_padding import SpatialReplicationPadding
from .spatial_zero_padding import SpatialZeroPadding
from .volumetric_replication_padding import VolumetricReplicationPadding

__all__ = ["SpatialPadding", "SpatialReflectionPadding", "SpatialReplicationPadding", "SpatialZeroPadding",
           "VolumetricReplicationPadding"]
