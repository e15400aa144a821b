"""Criterions (loss functions)."""
from .bce_criterion import BCECriterion
from .class_nll_criterion import ClassNLLCriterion
from .criterion import Criterion
from .cross_entropy_criterion import CrossEntropyCriterion
from .mse_criterion import MSECriterion

__all__ = ["BCECriterion", "ClassNLLCriterion", "Criterion", "CrossEntropyCriterion", "MSECriterion"]
