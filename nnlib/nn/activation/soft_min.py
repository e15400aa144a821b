"""`SoftMin`: y = softmax(-x) over the channel axis."""
import numpy as np

from ...kernels import softmax as KR
from ...kernels import spatial_softmax as K
from ._channelwise import Channelwise


class SoftMin(Channelwise):
    """Probabilities favouring the smallest inputs: softmax of -x (Torch7's nn.SoftMin).

    Shape:
        (C,) or (N, C); also (C, H, W) and (N, C, H, W) over C, as THNN's SoftMax. Output as input.
    """

    def _forward_kernel(self, x, out):
        neg = self._buffer("_neg", x.shape)
        np.negative(x, out=neg)
        if x.shape[2] == 1:  # (C,) and (N, C): the row-wise kernel
            KR.softmax_update_output(neg[:, :, 0], out[:, :, 0])
        else:
            K.spatial_softmax_update_output(neg, out)

    def _backward_kernel(self, y, gy, gx):
        if y.shape[2] == 1:
            KR.softmax_update_grad_input(y[:, :, 0], gy[:, :, 0], gx[:, :, 0])
        else:
            K.spatial_softmax_update_grad_input(y, gy, gx)
        np.negative(gx, out=gx)
