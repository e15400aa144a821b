"""Modules on tables (Python lists of arrays)."""
from .c_add_table import CAddTable
from .join_table import JoinTable
from .split_table import SplitTable

__all__ = ["CAddTable", "JoinTable", "SplitTable"]
