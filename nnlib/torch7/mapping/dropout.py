"""Dropout (Torch7's default v2: scaled at training time, as nnlib's). Torch7's passes use the `noise`
tensor its constructor makes, so it is written too."""
import numpy as np

from ... import nn
from ._base import Entry, register


@register
class Dropout(Entry):
    torch_name, module = "nn.Dropout", nn.Dropout

    def arguments(self, f):
        if f.get("v2", True) is not True:
            raise f.error("v1 dropout (scaled at test time) is not supported by nnlib's Dropout")
        return (f.float("p", 0.5),), {}

    def settings(self, module):
        return {"p": module.p, "v2": True, "inplace": False, "noise": np.empty(0, module.dtype)}


@register
class SpatialDropout(Entry):
    torch_name, module = "nn.SpatialDropout", nn.SpatialDropout

    def arguments(self, f):
        return (f.float("p", 0.5),), {}

    def settings(self, module):
        return {"p": module.p, "noise": np.empty(0, module.dtype)}
