"""`SpatialLogSoftMax`: log-softmax over the channels of every pixel."""
from ...kernels import spatial_softmax as K
from ._channelwise import Channelwise


class SpatialLogSoftMax(Channelwise):
    """Per-pixel class log-probabilities over the channel axis (Torch7's nn.SpatialLogSoftMax).

    Shape:
        (N, C, H, W) or (C, H, W); also (N, C) and (C,), as THNN's LogSoftMax. Output as input.
    """

    def _forward_kernel(self, x, out):
        K.spatial_log_softmax_update_output(x, out)

    def _backward_kernel(self, y, gy, gx):
        K.spatial_log_softmax_update_grad_input(y, gy, gx)
