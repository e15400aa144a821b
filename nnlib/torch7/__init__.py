"""Torch7's own files: `load` and `save` for `torch.save`'s serialization (binary and ascii).

    from nnlib import torch7
    model = torch7.load("model.net")             # nn objects become nnlib modules
    raw = torch7.load("model.net", strict=False)  # the raw object tree (TorchObject, arrays, ...)
    torch7.save("out.t7", model)                  # Torch7 (and torchfile) can read it back
"""
from .errors import Torch7FormatError, Torch7MappingError
from .objects import LuaFunction, Storage, TableKey, TdsHash, TdsVec, TorchObject, new_storage
from .api import load, save

__all__ = ["load", "save", "Torch7FormatError", "Torch7MappingError", "TorchObject", "LuaFunction",
           "Storage", "new_storage", "TdsHash", "TdsVec", "TableKey"]
