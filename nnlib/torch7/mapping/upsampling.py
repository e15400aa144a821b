"""Upsampling."""
from ... import nn
from ._base import Entry, register


@register
class SpatialUpSamplingNearest(Entry):
    torch_name, module = "nn.SpatialUpSamplingNearest", nn.SpatialUpSamplingNearest

    def arguments(self, f):
        return (f.int("scale_factor"),), {}

    def settings(self, module):
        return {"scale_factor": module.scale_factor}
