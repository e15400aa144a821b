"""Containers: modules built from other modules."""
from .concat import Concat
from .concat_table import ConcatTable
from .container import Container
from .parallel_table import ParallelTable
from .sequential import Sequential

__all__ = ["Concat", "ConcatTable", "Container", "ParallelTable", "Sequential"]
