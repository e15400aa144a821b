"""Batch normalization (running statistics; version-1 files' running_std converted as Torch7's
read does) and local response normalization."""
import numpy as np

from ... import nn
from ._base import Entry, register


class _BatchNormalization(Entry):
    parameters = ("weight", "bias")
    buffers = {"running_mean": "running_mean", "running_var": "running_var"}

    def arguments(self, f):
        affine = f.bool("affine", f.has("weight"))
        return (f.array("running_mean").size,), {"eps": f.float("eps", 1e-5), "momentum": f.float("momentum", 0.1),
                                                 "affine": affine}

    def finish(self, module, f):
        if f.has("running_std") and not f.has("running_var"):
            std = np.asarray(f.array("running_std"), np.float64)
            module.running_var = (std ** -2 - module.eps).astype(module.dtype)

    def settings(self, module):
        return {"eps": module.eps, "momentum": module.momentum, "affine": module.affine}


@register
class BatchNormalization(_BatchNormalization):
    torch_name, module = "nn.BatchNormalization", nn.BatchNormalization


@register
class SpatialBatchNormalization(_BatchNormalization):
    torch_name, module = "nn.SpatialBatchNormalization", nn.SpatialBatchNormalization


@register
class SpatialCrossMapLRN(Entry):
    torch_name, module = "nn.SpatialCrossMapLRN", nn.SpatialCrossMapLRN

    def arguments(self, f):
        return (f.int("size"), f.float("alpha", 1e-4), f.float("beta", 0.75), f.float("k", 1.0)), {}

    def settings(self, module):
        return {"size": module.size, "alpha": module.alpha, "beta": module.beta, "k": module.k}
