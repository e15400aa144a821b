"""Spatial pooling (padW/padH and ceil_mode absent from old files mean 0 and floor)."""
import numpy as np

from ... import nn
from ._base import Entry, register


class _Pooling(Entry):
    def arguments(self, f):
        return (f.int("kW"), f.int("kH"), f.int("dW"), f.int("dH"), f.int("padW", 0), f.int("padH", 0)), {}

    def finish(self, module, f):
        module.ceil_mode = f.bool("ceil_mode", False)

    def settings(self, module):
        return {"kW": module.kW, "kH": module.kH, "dW": module.dW, "dH": module.dH, "padW": module.padW,
                "padH": module.padH, "ceil_mode": module.ceil_mode}


@register
class SpatialMaxPooling(_Pooling):
    torch_name, module = "nn.SpatialMaxPooling", nn.SpatialMaxPooling

    def settings(self, module):
        return {**super().settings(module), "indices": np.empty(0, np.int64)}


@register
class SpatialAveragePooling(_Pooling):
    torch_name, module = "nn.SpatialAveragePooling", nn.SpatialAveragePooling

    def finish(self, module, f):
        super().finish(module, f)
        if not f.bool("divide", True):
            raise f.error("divide=false (sum pooling) is not supported by nnlib's SpatialAveragePooling")
        module.count_include_pad = f.bool("count_include_pad", True)

    def settings(self, module):
        return {**super().settings(module), "count_include_pad": module.count_include_pad, "divide": True}


@register
class SpatialDilatedMaxPooling(SpatialMaxPooling):
    torch_name, module = "nn.SpatialDilatedMaxPooling", nn.SpatialDilatedMaxPooling

    def arguments(self, f):
        args, _ = super().arguments(f)
        return (*args, f.int("dilationW", 1), f.int("dilationH", 1)), {}

    def settings(self, module):
        return {**super().settings(module), "dilationW": module.dilationW, "dilationH": module.dilationH}


@register
class TemporalMaxPooling(Entry):
    torch_name, module = "nn.TemporalMaxPooling", nn.TemporalMaxPooling

    def arguments(self, f):
        return (f.int("kW"), f.int("dW", None)), {}

    def settings(self, module):
        return {"kW": module.kW, "dW": module.dW}


class _VolumetricPooling(Entry):
    def arguments(self, f):
        return tuple(f.int(k) for k in ("kT", "kW", "kH", "dT", "dW", "dH")) + \
            tuple(f.int(k, 0) for k in ("padT", "padW", "padH")), {}

    def finish(self, module, f):
        module.ceil_mode = f.bool("ceil_mode", False)

    def settings(self, module):
        return {k: getattr(module, k) for k in ("kT", "kW", "kH", "dT", "dW", "dH", "padT", "padW", "padH",
                                                "ceil_mode")}


@register
class VolumetricMaxPooling(_VolumetricPooling):
    torch_name, module = "nn.VolumetricMaxPooling", nn.VolumetricMaxPooling

    def settings(self, module):
        return {**super().settings(module), "indices": np.empty(0, np.int64)}
