"""`SoftMin`: y = softmax(-x) over the channel axis (THNN's rule)."""
import numpy as np

from ._channelwise import Channelwise


class SoftMin(Channelwise):
    """Probabilities favouring the smallest inputs: softmax of -x (Torch7's nn.SoftMin).

    Normalised over the axis C that SoftMax normalises: the last of a 1-D or 2-D input, the
    first of a 3-D one, the second of a 4-D one.

    Shape:
        Input: (C,), (N, C), (C, H, W) or (N, C, H, W); output as input.
    """

    _log = False

    def _forward_kernel(self, x, out):
        neg = self._buffer("_neg", x.shape)
        np.negative(x, out=neg)
        super()._forward_kernel(neg, out)

    def _backward_kernel(self, y, gy, gx):
        super()._backward_kernel(y, gy, gx)
        np.negative(gx, out=gx)
