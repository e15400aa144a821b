"""Reshaping modules (sizes kept in LongStorages in Torch7)."""
import math

import numpy as np

from ... import nn
from ..objects import new_storage
from ._base import Entry, register
from ._dims import index_from_torch, index_to_torch


@register
class Identity(Entry):
    torch_name, module = "nn.Identity", nn.Identity


@register
class Reshape(Entry):
    torch_name, module = "nn.Reshape", nn.Reshape

    def arguments(self, f):
        return f.ints("size"), {"batch_mode": f.bool("batchMode", None)}

    def settings(self, module):
        out = {"size": new_storage(np.array(module.sizes, np.int64)),
               "batchsize": new_storage(np.array((1, *module.sizes), np.int64)),
               "nelement": math.prod(module.sizes)}
        if module.batch_mode is not None:
            out["batchMode"] = module.batch_mode
        return out


@register
class View(Entry):
    torch_name, module = "nn.View", nn.View

    def arguments(self, f):
        return f.ints("size"), {}

    def finish(self, module, f):
        n = f.int("numInputDims", None)
        if n is not None:
            module.set_num_input_dims(n)

    def settings(self, module):
        out = {"size": new_storage(np.array(module.sizes, np.int64)),
               "numElements": math.prod(module.sizes)}
        if module.num_input_dims is not None:
            out["numInputDims"] = module.num_input_dims
        return out


@register
class Narrow(Entry):
    torch_name, module = "nn.Narrow", nn.Narrow

    def arguments(self, f):
        return (index_from_torch(f, "dimension"), index_from_torch(f, "index"), f.int("length", 1)), {}

    def settings(self, module):
        return {"dimension": index_to_torch(module.dimension), "index": index_to_torch(module.index),
                "length": module.length}


@register
class Select(Entry):
    torch_name, module = "nn.Select", nn.Select

    def arguments(self, f):
        return (index_from_torch(f, "dimension"), index_from_torch(f, "index")), {}

    def settings(self, module):
        return {"dimension": index_to_torch(module.dimension), "index": index_to_torch(module.index)}


@register
class Replicate(Entry):
    torch_name, module = "nn.Replicate", nn.Replicate

    def arguments(self, f):
        return (f.int("nfeatures"), index_from_torch(f, "dim", 1), f.int("ndim", None)), {}

    def settings(self, module):
        out = {"nfeatures": module.nfeatures, "dim": index_to_torch(module.dim)}
        if module.ndim is not None:
            out["ndim"] = module.ndim
        return out


@register
class Transpose(Entry):
    torch_name, module = "nn.Transpose", nn.Transpose

    def arguments(self, f):
        pairs = f.get("permutations", [])
        if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 for p in pairs):
            raise f.error("field 'permutations' should be a list of {dim1, dim2} pairs")
        return tuple(tuple(int(d) - 1 if d > 0 else int(d) for d in p) for p in pairs), {}

    def finish(self, module, f):
        n = f.int("numInputDims", None)
        if n is not None:
            module.set_num_input_dims(n)

    def settings(self, module):
        out = {"permutations": [[index_to_torch(d) for d in p] for p in module.permutations]}
        if module.num_input_dims is not None:
            out["numInputDims"] = module.num_input_dims
        return out


@register
class Squeeze(Entry):
    torch_name, module = "nn.Squeeze", nn.Squeeze

    def arguments(self, f):
        return (index_from_torch(f, "dim", None), f.int("numInputDims", None)), {}

    def settings(self, module):
        out = {}
        if module.dim is not None:
            out["dim"] = index_to_torch(module.dim)
        if module.num_input_dims is not None:
            out["numInputDims"] = module.num_input_dims
        return out


@register
class Unsqueeze(Entry):
    torch_name, module = "nn.Unsqueeze", nn.Unsqueeze

    def arguments(self, f):
        return (index_from_torch(f, "pos"), f.int("numInputDims", None)), {}

    def settings(self, module):
        out = {"pos": index_to_torch(module.pos)}
        if module.num_input_dims is not None:
            out["numInputDims"] = module.num_input_dims
        return out
