"""`SpatialLogSoftMax`: log-softmax over the channels of every pixel."""
from ._channelwise import Channelwise


class SpatialLogSoftMax(Channelwise):
    """Per-pixel class log-probabilities over the channel axis (Torch7's nn.SpatialLogSoftMax).

    The same THNN kernel as LogSoftMax, so the same rank rule; kept for Torch7's class name.

    Shape:
        Input: (N, C, H, W) or (C, H, W); also (N, C) and (C,), as THNN's LogSoftMax. Output as input.
    """

    _log = True
