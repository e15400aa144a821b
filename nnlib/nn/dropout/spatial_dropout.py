"""`SpatialDropout`: drop whole feature maps (Torch7's SpatialDropout)."""
from ._feature_dropout import FeatureDropout


class SpatialDropout(FeatureDropout):
    """In training, zero each (image, channel) plane with probability `p`.

    Neighbouring pixels of a feature map are strongly correlated, so dropping
    single pixels barely regularises a convolutional layer; dropping the whole
    map does (Tompson et al. 2015). As in Torch7, the kept maps are not
    rescaled during training; in evaluation the output is `input * (1 - p)`.
    The mask comes from the library RNG (`nnlib.manual_seed`).

    Args:
        p: the probability of dropping a map.
        stochastic_inference: keep dropping maps in evaluation mode too (Torch7's flag).

    Shape:
        (N, C, H, W) or (C, H, W); output as input.
    """

    map_ndim = 2
