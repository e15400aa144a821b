"""Containers: their children are the `modules` list (1-based in Torch7, a list here)."""
from ... import nn
from ._base import Entry, register
from ._dims import dim_from_torch, dim_to_torch


class _Container(Entry):
    def arguments(self, f):
        return tuple(f.children()), {}

    def settings(self, module):
        return {"modules": list(module.modules)}


@register
class Sequential(_Container):
    torch_name, module = "nn.Sequential", nn.Sequential


@register
class ConcatTable(_Container):
    torch_name, module, table_output = "nn.ConcatTable", nn.ConcatTable, True


@register
class ParallelTable(_Container):
    torch_name, module, table_output, table_grad_input = "nn.ParallelTable", nn.ParallelTable, True, True


@register
class Concat(_Container):
    torch_name, module = "nn.Concat", nn.Concat

    def arguments(self, f):
        return (dim_from_torch(f), *f.children()), {}

    def settings(self, module):
        return {**super().settings(module), **dim_to_torch(module, module.dim)}
