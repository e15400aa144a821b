"""The debugging decorators (NaN, Profile) derive from dpnn's Decorator (nnlib/nn/container/decorator.py)."""
from ..container.decorator import Decorator

__all__ = ["Decorator"]
