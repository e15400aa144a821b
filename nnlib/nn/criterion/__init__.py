"""Criterions (loss functions)."""
from .abs_criterion import AbsCriterion
from .bce_criterion import BCECriterion
from .class_nll_criterion import ClassNLLCriterion
from .class_simplex_criterion import ClassSimplexCriterion
from .cosine_embedding_criterion import CosineEmbeddingCriterion
from .criterion import Criterion
from .cross_entropy_criterion import CrossEntropyCriterion
from .dist_kl_div_criterion import DistKLDivCriterion
from .distance_ratio_criterion import DistanceRatioCriterion
from .hinge_embedding_criterion import HingeEmbeddingCriterion
from .l1_cost import L1Cost
from .l1_hinge_embedding_criterion import L1HingeEmbeddingCriterion
from .margin_criterion import MarginCriterion
from .margin_ranking_criterion import MarginRankingCriterion
from .module_criterion import ModuleCriterion
from .mse_criterion import MSECriterion
from .multi_criterion import MultiCriterion
from .multi_label_margin_criterion import MultiLabelMarginCriterion
from .multi_label_soft_margin_criterion import MultiLabelSoftMarginCriterion
from .multi_margin_criterion import MultiMarginCriterion
from .parallel_criterion import ParallelCriterion
from .smooth_l1_criterion import SmoothL1Criterion
from .soft_margin_criterion import SoftMarginCriterion
from .spatial_auto_crop_mse_criterion import SpatialAutoCropMSECriterion
from .spatial_class_nll_criterion import SpatialClassNLLCriterion
from .weighted_mse_criterion import WeightedMSECriterion

__all__ = [
    "AbsCriterion",
    "BCECriterion",
    "ClassNLLCriterion",
    "ClassSimplexCriterion",
    "CosineEmbeddingCriterion",
    "Criterion",
    "CrossEntropyCriterion",
    "DistKLDivCriterion",
    "DistanceRatioCriterion",
    "HingeEmbeddingCriterion",
    "L1Cost",
    "L1HingeEmbeddingCriterion",
    "MSECriterion",
    "MarginCriterion",
    "MarginRankingCriterion",
    "ModuleCriterion",
    "MultiCriterion",
    "MultiLabelMarginCriterion",
    "MultiLabelSoftMarginCriterion",
    "MultiMarginCriterion",
    "ParallelCriterion",
    "SmoothL1Criterion",
    "SoftMarginCriterion",
    "SpatialAutoCropMSECriterion",
    "SpatialClassNLLCriterion",
    "WeightedMSECriterion",
]
