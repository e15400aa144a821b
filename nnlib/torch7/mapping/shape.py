"""Reshaping modules (sizes kept in LongStorages in Torch7)."""
import math

import numpy as np

from ... import nn
from ..objects import new_storage
from ._base import Entry, register


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
