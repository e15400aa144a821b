"""Hierarchical softmax (dpnn/nnx's SoftMaxTree) and its helpers."""
from .soft_max_tree import SoftMaxTree
from .tree_builder import frequency_tree
from .tree_nll_criterion import TreeNLLCriterion

__all__ = ["SoftMaxTree", "frequency_tree", "TreeNLLCriterion"]
