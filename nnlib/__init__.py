"""nnlib: Torch7's module model on numpy + numba.

    from nnlib import nn, optim
    mlp = nn.Sequential(nn.Linear(10, 25), nn.Tanh(), nn.Linear(25, 1))

Sub-packages and the numba-backed helpers are imported on first use, so a
workflow job that only needs `nnlib.data` does not pay for importing numba.
"""
import importlib

from .random import manual_seed

__version__ = "0.1.0"

_SUBMODULES = {"nn", "optim", "data", "experiment", "models", "io", "kernels", "testing", "threads", "random", "torch7"}
_FUNCTIONS = {"save": "io", "load": "io", "set_num_threads": "threads", "get_num_threads": "threads"}
__all__ = sorted(_SUBMODULES | set(_FUNCTIONS) | {"manual_seed"})


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _FUNCTIONS:
        return getattr(importlib.import_module(f".{_FUNCTIONS[name]}", __name__), name)
    raise AttributeError(f"module 'nnlib' has no attribute {name!r}")


def __dir__():
    return __all__
