"""`SpatialSoftMax`: softmax over the channels of every pixel."""
from ._channelwise import Channelwise


class SpatialSoftMax(Channelwise):
    """Per-pixel class probabilities over the channel axis (Torch7's nn.SpatialSoftMax).

    The same THNN kernel as SoftMax, so the same rank rule; kept for Torch7's class name.

    Shape:
        Input: (N, C, H, W) or (C, H, W); also (N, C) and (C,), as THNN's SoftMax. Output as input.
    """

    _log = False
