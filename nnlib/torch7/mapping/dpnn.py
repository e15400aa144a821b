"""dpnn's modules: Clip, SpatialGlimpse, SpatialUniformCrop and the Reinforce family (their `stochastic` flag)."""
import numpy as np

from ... import nn
from ..objects import TorchObject
from ._base import Entry, register


@register
class Clip(Entry):
    torch_name, module = "nn.Clip", nn.Clip

    def arguments(self, f):
        return (f.float("minval"), f.float("maxval")), {}

    def settings(self, module):
        return {"minval": module.minval, "maxval": module.maxval}


@register
class SpatialGlimpse(Entry):
    """`height`/`width`, `depth`, `scale`; its `module` (SpatialAveragePooling(2, 2, 2, 2) for scale 2, else
    nnx's SpatialReSampling, written as a raw object) is not read: nnlib computes the glimpse itself."""
    torch_name, module, table_grad_input = "nn.SpatialGlimpse", nn.SpatialGlimpse, True

    def arguments(self, f):
        return ((f.int("height"), f.int("width")), f.int("depth", 3), f.int("scale", 2)), {}

    def settings(self, module):
        if module.scale == 2:
            inner = nn.SpatialAveragePooling(2, 2, 2, 2).astype(module.dtype)
        else:
            inner = TorchObject("nn.SpatialReSampling", {
                "oheight": module.height, "owidth": module.width, "train": bool(module.train),
                "output": np.empty(0, module.dtype), "gradInput": np.empty(0, module.dtype)})
        return {"height": module.height, "width": module.width, "depth": module.depth, "scale": module.scale,
                "module": inner, "modules": [inner]}


@register
class SpatialUniformCrop(Entry):
    torch_name, module = "nn.SpatialUniformCrop", nn.SpatialUniformCrop

    def arguments(self, f):
        oheight = f.int("oheight")
        return (oheight, f.int("owidth", oheight), f.float("scale", None)), {}

    def settings(self, module):
        out = {"oheight": module.oheight, "owidth": module.owidth}
        scale = getattr(module, "scale", None)
        if scale is not None:
            # dpnn resamples with nnx's SpatialReSampling (an nnx class nnlib does not have: written as saved)
            out.update(scale=scale, scaler=TorchObject("nn.SpatialReSampling", {
                "owidth": module.owidth, "oheight": module.oheight, "train": bool(module.train),
                "output": np.empty(0, module.dtype), "gradInput": np.empty(0, module.dtype)}))
        return out


class _Reinforce(Entry):
    """`stochastic` (sample also at evaluation); the `reward` of the last `reinforce` is not kept."""

    def arguments(self, f):
        return (f.bool("stochastic", False),), {}

    def settings(self, module):
        return {"stochastic": module.stochastic}


@register
class ReinforceBernoulli(_Reinforce):
    torch_name, module = "nn.ReinforceBernoulli", nn.ReinforceBernoulli


@register
class ReinforceCategorical(_Reinforce):
    torch_name, module = "nn.ReinforceCategorical", nn.ReinforceCategorical


@register
class ReinforceNormal(_Reinforce):
    torch_name, module = "nn.ReinforceNormal", nn.ReinforceNormal

    def arguments(self, f):
        return (f.float("stdev"), f.bool("stochastic", False)), {}

    def settings(self, module):
        return {**super().settings(module), "stdev": module.stdev}
