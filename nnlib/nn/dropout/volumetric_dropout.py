"""`VolumetricDropout`: drop whole 3-D feature maps (Torch7's VolumetricDropout)."""
from ._feature_dropout import FeatureDropout


class VolumetricDropout(FeatureDropout):
    """In training, zero each (sample, channel) volume with probability `p` (Torch7's).

    SpatialDropout for (T, H, W) feature maps. Not rescaled in training; `input * (1 - p)` in evaluation.

    Args:
        p: the probability of dropping a map.
        stochastic_inference: keep dropping maps in evaluation mode too (Torch7's flag).

    Shape:
        (N, C, T, H, W) or (C, T, H, W); output as input.
    """

    map_ndim = 3
