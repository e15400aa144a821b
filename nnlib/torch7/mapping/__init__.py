"""The mapping of Torch7's nn classes onto nnlib modules, one small `Entry` per class.

Adding a class: in the topic's file here, subclass `Entry` with the Torch7 name, the
nnlib class, its parameters/buffers, and `arguments` (saved fields -> constructor,
0-based) / `settings` (module -> Torch7 fields, 1-based) where it has settings; decorate
it with `@register`. cudnn.* classes are read through their nn.* entry.
"""
from . import (activation, containers, convolution, criterion, dropout, linear, math, nngraph,  # noqa: F401
               normalization, padding, pooling, rnn, shape, table, training, upsampling)
from . import dpnn  # noqa: F401
from . import nnx  # noqa: F401
from ._base import Entry, ToNnlib, ToTorch, entry_for_module, entry_for_torch, register

__all__ = ["Entry", "register", "entry_for_torch", "entry_for_module", "to_nnlib", "ToTorch"]


def to_nnlib(raw):
    """The raw tree with every torch object replaced by its nnlib module (shared ones stay shared)."""
    return ToNnlib().value(raw, "")

