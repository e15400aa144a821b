"""dpnn's noise-contrastive estimation: NCEModule (output layer) and NCECriterion."""
from .nce_criterion import NCECriterion
from .nce_module import NCEModule

__all__ = ["NCECriterion", "NCEModule"]
