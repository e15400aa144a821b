"""Linear layers and embeddings."""
import numpy as np

from ... import nn
from ..objects import new_storage
from ._base import Entry, register


@register
class Linear(Entry):
    torch_name, module, parameters = "nn.Linear", nn.Linear, ("weight", "bias")

    def arguments(self, f):
        weight = f.array("weight")
        if weight.ndim != 2:
            raise f.error(f"field 'weight' should be 2-D (outputSize x inputSize), found shape {weight.shape}")
        # old files may lack the bias (Linear:noBias)
        return (weight.shape[1], weight.shape[0]), {"bias": f.has("bias")}


@register
class LookupTable(Entry):
    torch_name, module, parameters = "nn.LookupTable", nn.LookupTable, ("weight",)

    def arguments(self, f):
        weight = f.array("weight")
        if weight.ndim != 2:
            raise f.error(f"field 'weight' should be 2-D (nIndex x nOutput), found shape {weight.shape}")
        if f.int("paddingValue", 0) != 0:
            raise f.error("a paddingValue (Torch7's padding index) is not supported by nnlib's LookupTable yet")
        if f.bool("shouldScaleGradByFreq", False):
            raise f.error("shouldScaleGradByFreq is not supported by nnlib's LookupTable yet")
        max_norm = f.float("maxNorm", None)
        return (weight.shape[0], weight.shape[1]), {"max_norm": max_norm, "norm_type": f.float("normType", 2.0)}

    def settings(self, module):
        out = {"paddingValue": 0.0, "normType": module.norm_type, "shouldScaleGradByFreq": False}
        if module.max_norm is not None:
            out["maxNorm"] = module.max_norm
        return out


@register
class Add(Entry):
    torch_name, module, parameters = "nn.Add", nn.Add, ("bias",)

    def arguments(self, f):
        # a scalar Add keeps one bias value; Torch7 saves no input size for it, nnlib adds `inputSize`
        return (f.int("inputSize", f.array("bias").size),), {"scalar": f.bool("scalar", False)}

    def settings(self, module):
        return {"scalar": module.scalar, "inputSize": module.size,
                "_ones": np.ones(1, module.dtype)}  # Torch7's batch buffer, made in its __init


@register
class CMul(Entry):
    torch_name, module, parameters = "nn.CMul", nn.CMul, ("weight",)

    def arguments(self, f):
        return tuple(f.array("weight").shape), {}

    def settings(self, module):
        return {"size": new_storage(np.array(module.size, np.int64))}


@register
class Mul(Entry):
    torch_name, module, parameters = "nn.Mul", nn.Mul, ("weight",)
