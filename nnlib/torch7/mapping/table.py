"""Table modules (Torch7's 1-based `dimension`, with `nInputDims`, to nnlib's dim)."""
import numpy as np

from ... import nn
from ..objects import new_storage
from ._base import Entry, register
from ._dims import dim_from_torch, dim_to_torch, index_from_torch, index_to_torch


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


class _TableIn(Entry):
    """Modules taking a table: Torch7 keeps their `gradInput` as a table."""
    table_grad_input = True


@register
class CSubTable(_TableIn):
    torch_name, module = "nn.CSubTable", nn.CSubTable


@register
class CMulTable(_TableIn):
    torch_name, module = "nn.CMulTable", nn.CMulTable


@register
class CDivTable(_TableIn):
    torch_name, module = "nn.CDivTable", nn.CDivTable


@register
class CMaxTable(_TableIn):
    torch_name, module = "nn.CMaxTable", nn.CMaxTable


@register
class CMinTable(_TableIn):
    torch_name, module = "nn.CMinTable", nn.CMinTable


@register
class CAddTensorTable(_TableIn):
    torch_name, module = "nn.CAddTensorTable", nn.CAddTensorTable


@register
class CosineDistance(_TableIn):
    torch_name, module = "nn.CosineDistance", nn.CosineDistance


@register
class DotProduct(_TableIn):
    torch_name, module = "nn.DotProduct", nn.DotProduct


@register
class PairwiseDistance(_TableIn):
    torch_name, module = "nn.PairwiseDistance", nn.PairwiseDistance

    def arguments(self, f):
        p = f.float("norm", 2.0)
        return (int(p) if p.is_integer() else p,), {}

    def settings(self, module):
        return {"norm": module.norm}


@register
class MM(_TableIn):
    torch_name, module = "nn.MM", nn.MM

    def arguments(self, f):
        return (f.bool("transA", False), f.bool("transB", False)), {}

    def settings(self, module):
        return {"transA": module.trans_a, "transB": module.trans_b}


@register
class MV(_TableIn):
    torch_name, module = "nn.MV", nn.MV

    def arguments(self, f):
        return (f.bool("trans", False),), {}

    def settings(self, module):
        return {"trans": module.trans}


@register
class MaskedSelect(_TableIn):
    torch_name, module = "nn.MaskedSelect", nn.MaskedSelect


@register
class MixtureTable(_TableIn):
    torch_name, module = "nn.MixtureTable", nn.MixtureTable

    def arguments(self, f):
        return (index_from_torch(f, "dim", None),), {}

    def settings(self, module):
        out = {"size": new_storage(np.zeros(0, np.int64)), "size2": new_storage(np.zeros(0, np.int64)),
               "batchSize": 0, "backwardSetup": False}
        if module.dim is not None:
            out["dim"] = index_to_torch(module.dim)
        return out


@register
class Index(_TableIn):
    torch_name, module = "nn.Index", nn.Index

    def arguments(self, f):
        return (index_from_torch(f, "dimension"),), {}

    def settings(self, module):
        return {"dimension": index_to_torch(module.dimension)}


@register
class SelectTable(_TableIn):
    torch_name, module = "nn.SelectTable", nn.SelectTable

    def arguments(self, f):
        return (index_from_torch(f, "index"),), {}

    def settings(self, module):
        return {"index": index_to_torch(module.index)}


class _TableInOut(_TableIn):
    table_output = True


@register
class NarrowTable(_TableInOut):
    torch_name, module = "nn.NarrowTable", nn.NarrowTable

    def arguments(self, f):
        return (index_from_torch(f, "offset"), f.int("length", 1)), {}

    def settings(self, module):
        return {"offset": index_to_torch(module.offset), "length": module.length}


@register
class FlattenTable(_TableInOut):
    torch_name, module = "nn.FlattenTable", nn.FlattenTable

    def settings(self, module):
        return {"input_map": []}


@register
class ZipTable(_TableInOut):
    torch_name, module = "nn.ZipTable", nn.ZipTable


@register
class ZipTableOneToMany(_TableInOut):
    torch_name, module = "nn.ZipTableOneToMany", nn.ZipTableOneToMany

    def settings(self, module):
        return {"gradInputEl": np.empty(0, module.dtype)}
