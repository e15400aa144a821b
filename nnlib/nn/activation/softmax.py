"""`SoftMax`: y_i = exp(x_i) / sum_j exp(x_j) over the channel axis (THNN's rule)."""
from ._channelwise import Channelwise


class SoftMax(Channelwise):
    """Probabilities over classes (Torch7's nn.SoftMax): exp(x) / sum(exp(x)) over C.

    As THNN's SoftMax, the normalised axis C depends on the rank: the last one of a 1-D or 2-D
    input, the first of a 3-D one (every (h, w) position, e.g. rnn's MuFuRu op weights (J, N, H)
    over J) and the second of a 4-D one (as SpatialSoftMax).

    Shape:
        Input: (C,), (N, C), (C, H, W) or (N, C, H, W); output as input.
    """

    _log = False
