"""Modules that change an array's shape, not its values."""
from .collapse import Collapse
from .identity import Identity
from .reshape import Reshape
from .view import View

__all__ = ["Collapse", "Identity", "Reshape", "View"]
