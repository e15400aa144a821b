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


def _scale_or_sizes(f, keys):
    """A scale factor, or (when Torch7 saved output sizes) the dict of them."""
    if f.has("scale_factor"):
        return f.int("scale_factor")
    return {k: f.int(k) for k in keys if f.has(k)}


def _scale_settings(module, keys):
    out = {k: getattr(module, k) for k in keys if getattr(module, k) is not None}
    if module.scale_factor is not None:
        out["scale_factor"] = module.scale_factor
    return out


@register
class SpatialUpSamplingBilinear(Entry):
    torch_name, module = "nn.SpatialUpSamplingBilinear", nn.SpatialUpSamplingBilinear

    def arguments(self, f):
        params = _scale_or_sizes(f, ("owidth", "oheight"))
        return ((params,) if not isinstance(params, dict) else (None, params["owidth"], params["oheight"])), {}

    def settings(self, module):
        return {**_scale_settings(module, ("owidth", "oheight")), "inputSize": new_storage(np.zeros(4, np.int64)),
                "outputSize": new_storage(np.zeros(4, np.int64))}


@register
class UpSampling(Entry):
    torch_name, module = "nn.UpSampling", nn.UpSampling

    def arguments(self, f):
        return (_scale_or_sizes(f, ("odepth", "owidth", "oheight")), f.get("mode", "nearest")), {}

    def settings(self, module):
        return {**_scale_settings(module, ("odepth", "owidth", "oheight")), "mode": module.mode,
                "inputSize": new_storage(np.zeros(5, np.int64)), "outputSize": new_storage(np.zeros(5, np.int64))}
