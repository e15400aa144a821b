"""Dropout, v1 or v2 (Torch7's passes use the `noise` tensor its constructor makes, so it is written too)."""
import numpy as np

from ... import nn
from ._base import Entry, register


@register
class Dropout(Entry):
    torch_name, module = "nn.Dropout", nn.Dropout

    def arguments(self, f):
        # files from before `v2` existed ran Torch7's v1 (scaled at evaluation), as its code still does on them
        return (f.float("p", 0.5), f.get("v2") is not True, f.bool("inplace", False),
                f.bool("stochastic_inference", False)), {}

    def settings(self, module):
        return {"p": module.p, "v2": module.v2, "inplace": module.inplace,
                "stochastic_inference": module.stochastic_inference, "noise": np.empty(0, module.dtype)}


@register
class SpatialDropout(Entry):
    torch_name, module = "nn.SpatialDropout", nn.SpatialDropout

    def arguments(self, f):
        return (f.float("p", 0.5),), {}

    def settings(self, module):
        return {"p": module.p, "noise": np.empty(0, module.dtype)}


@register
class VolumetricDropout(Entry):
    torch_name, module = "nn.VolumetricDropout", nn.VolumetricDropout

    def arguments(self, f):
        return (f.float("p", 0.5), f.bool("stochastic_inference", False)), {}

    def settings(self, module):
        return {"p": module.p, "stochastic_inference": module.stochastic_inference,
                "noise": np.empty(0, module.dtype)}


@register
class WhiteNoise(Entry):
    torch_name, module = "nn.WhiteNoise", nn.WhiteNoise

    def arguments(self, f):
        return (f.float("mean", 0.0), f.float("std", 0.1)), {}

    def settings(self, module):
        return {"mean": module.mean, "std": module.std, "noise": np.empty(0, module.dtype)}
