"""Affine maps, biases, embeddings, element-wise scales and distance layers."""
from .add import Add
from .bilinear import Bilinear
from .c_add import CAdd
from .c_mul import CMul
from .cosine import Cosine
from .euclidean import Euclidean
from .index_linear import IndexLinear
from .kmeans import Kmeans
from .linear import Linear
from .linear_weight_norm import LinearWeightNorm
from .lookup_table import LookupTable
from .maxout import Maxout
from .mul import Mul
from .partial_linear import PartialLinear
from .sparse_linear import SparseLinear
from .weight_norm import WeightNorm
from .weighted_euclidean import WeightedEuclidean

__all__ = ["Add", "Bilinear", "CAdd", "CMul", "Cosine", "Euclidean", "IndexLinear", "Kmeans", "Linear",
           "LinearWeightNorm", "LookupTable", "Maxout", "Mul", "PartialLinear", "SparseLinear", "WeightNorm",
           "WeightedEuclidean"]
