"""Containers: modules built from other modules."""
from .bottle import Bottle
from .concat import Concat
from .concat_table import ConcatTable
from .container import Container
from .convert import Convert
from .decorator import Decorator
from .depth_concat import DepthConcat
from .dont_cast import DontCast
from .map_table import MapTable
from .parallel import Parallel
from .parallel_table import ParallelTable
from .sequential import Sequential
from .spatial_classifier import SpatialClassifier

__all__ = ["Bottle", "Concat", "ConcatTable", "Container", "Convert", "Decorator", "DepthConcat", "DontCast",
           "MapTable", "Parallel", "ParallelTable", "Sequential", "SpatialClassifier"]
