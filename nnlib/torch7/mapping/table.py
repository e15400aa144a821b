"""Table modules (Torch7's 1-based `dimension`, with `nInputDims`, to nnlib's dim)."""
import numpy as np

from ... import nn
from ..objects import new_storage
from ._base import Entry, register
from ._dims import dim_from_torch, dim_to_torch


@register
class CAddTable(Entry):
    torch_name, module, table_grad_input = "nn.CAddTable", nn.CAddTable, True

    def settings(self, module):
        return {"inplace": False}


@register
class JoinTable(Entry):
    torch_name, module, table_grad_input = "nn.JoinTable", nn.JoinTable, True

    def arguments(self, f):
        return (dim_from_torch(f),), {}

    def settings(self, module):
        # `size`: the storage Torch7's constructor makes and its forward pass fills
        return {**dim_to_torch(module, module.dim), "size": new_storage(np.zeros(0, np.int64))}


@register
class SplitTable(Entry):
    torch_name, module, table_output = "nn.SplitTable", nn.SplitTable, True

    def arguments(self, f):
        return (dim_from_torch(f),), {}

    def settings(self, module):
        return dim_to_torch(module, module.dim)
