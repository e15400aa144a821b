"""Affine maps, biases and embeddings."""
from .add import Add
from .linear import Linear
from .lookup_table import LookupTable

__all__ = ["Add", "Linear", "LookupTable"]
