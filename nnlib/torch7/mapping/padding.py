"""Padding modules."""
from ... import nn
from ._base import Entry, register


@register
class SpatialZeroPadding(Entry):
    torch_name, module = "nn.SpatialZeroPadding", nn.SpatialZeroPadding

    def arguments(self, f):
        return (f.int("pad_l"), f.int("pad_r"), f.int("pad_t"), f.int("pad_b")), {}

    def settings(self, module):
        return {"pad_l": module.pad_l, "pad_r": module.pad_r, "pad_t": module.pad_t, "pad_b": module.pad_b}


@register
class SpatialReflectionPadding(SpatialZeroPadding):
    torch_name, module = "nn.SpatialReflectionPadding", nn.SpatialReflectionPadding


@register
class SpatialReplicationPadding(SpatialZeroPadding):
    torch_name, module = "nn.SpatialReplicationPadding", nn.SpatialReplicationPadding


@register
class VolumetricReplicationPadding(Entry):
    torch_name, module = "nn.VolumetricReplicationPadding", nn.VolumetricReplicationPadding
    sides = ("pleft", "pright", "ptop", "pbottom", "pfront", "pback")

    def arguments(self, f):
        left = f.int("pleft")
        return (left, *(f.int(k, left) for k in self.sides[1:])), {}

    def settings(self, module):
        return {k: getattr(module, k) for k in self.sides}
