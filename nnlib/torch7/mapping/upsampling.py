"""Upsampling."""
import numpy as np

from ... import nn
from ..objects import new_storage
from ._base import Entry, register


@register
class SpatialUpSamplingNearest(Entry):
    torch_name, module = "nn.SpatialUpSamplingNearest", nn.SpatialUpSamplingNearest

    def arguments(self, f):
        return (f.int("scale_factor"),), {}

    def settings(self, module):
        # the size storages Torch7's constructor makes and its passes fill
        return {"scale_factor": module.scale_factor, "inputSize": new_storage(np.zeros(4, np.int64)),
                "outputSize": new_storage(np.zeros(4, np.int64))}
