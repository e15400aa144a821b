"""`SpatialSoftMax`: softmax over the channels of every pixel."""
from ...kernels import spatial_softmax as K
from ._channelwise import Channelwise


class SpatialSoftMax(Channelwise):
    """Per-pixel class probabilities over the channel axis (Torch7's nn.SpatialSoftMax).

    Shape:
        (N, C, H, W) or (C, H, W); also (N, C) and (C,), as THNN's SoftMax. Output as input.
    """

    def _forward_kernel(self, x, out):
        K.spatial_softmax_update_output(x, out)

    def _backward_kernel(self, y, gy, gx):
        K.spatial_softmax_update_grad_input(y, gy, gx)
