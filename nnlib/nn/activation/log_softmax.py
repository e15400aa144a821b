"""`LogSoftMax`: y_i = x_i - log(sum_j exp(x_j)) over the channel axis (THNN's rule)."""
from ._channelwise import Channelwise


class LogSoftMax(Channelwise):
    """Log-probabilities over classes (Torch7's nn.LogSoftMax); pair with ClassNLLCriterion.

    As THNN's LogSoftMax, the normalised axis C depends on the rank: the last one of a 1-D or 2-D
    input, the first of a 3-D one (every (h, w) position) and the second of a 4-D one (as
    SpatialLogSoftMax; pair with SpatialClassNLLCriterion).

    Shape:
        Input: (C,), (N, C), (C, H, W) or (N, C, H, W); output as input.
    """

    _log = True
