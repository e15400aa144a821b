"""Criterions (loss functions)."""
from .abs_criterion import AbsCriterion
from .bce_criterion import BCECriterion
from .class_nll_criterion import ClassNLLCriterion
from .criterion import Criterion
from .cross_entropy_criterion import CrossEntropyCriterion
from .dist_kl_div_criterion import DistKLDivCriterion
from .hinge_embedding_criterion import HingeEmbeddingCriterion
from .l1_cost import L1Cost
from .margin_criterion import MarginCriterion
from .mse_criterion import MSECriterion
from .multi_label_soft_margin_criterion import MultiLabelSoftMarginCriterion
from .smooth_l1_criterion import SmoothL1Criterion
from .soft_margin_criterion import SoftMarginCriterion
from .weighted_mse_criterion import WeightedMSECriterion

__all__ = ["AbsCriterion", "BCECriterion", "ClassNLLCriterion", "Criterion", "CrossEntropyCriterion",
           "DistKLDivCriterion", "HingeEmbeddingCriterion", "L1Cost", "MSECriterion", "MarginCriterion",
           "MultiLabelSoftMarginCriterion", "SmoothL1Criterion", "SoftMarginCriterion", "WeightedMSECriterion"]
