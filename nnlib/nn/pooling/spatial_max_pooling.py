"""`SpatialMaxPooling`: maximum over each window of NCHW images."""
import numpy as np

from ...kernels import spatial_pooling as K
from ._spatial_pooling import SpatialPooling


class SpatialMaxPooling(SpatialPooling):
    """Torch7's `SpatialMaxPooling(kW, kH, dW, dH, padW, padH)`; `.ceil()` for ceil mode.

    The forward pass saves where each maximum came from (`indices`, flat
    positions in the plane) and the backward pass routes gradients there.

    Args:
        kW, kH: window size.
        dW, dH: strides (default: the window size).
        padW, padH: implicit padding (at most half the window).

    Shape:
        Input: (N, C, H, W) or (C, H, W), output (N, C, oH, oW), oH = floor((H + 2 padH - kH) / dH) + 1.
    """

    transient_attributes = ("indices",)

    def update_output(self, input):
        x, out = self._prepare_input(input)
        self.iheight, self.iwidth = x.shape[2], x.shape[3]
        self.indices = self._buffer("_indices", out.shape, np.int32)
        K.spatial_max_pooling_update_output(x, self.kW, self.kH, self.dW, self.dH, self.padW, self.padH,
                                            out, self.indices)
        return self._finish(input, out, "output")

    def update_grad_input(self, input, grad_output):
        gy, gx = self._prepare_grad(input, grad_output)
        K.spatial_max_pooling_update_grad_input(np.ascontiguousarray(gy), self.indices, gx)
        return self._finish(input, gx, "grad_input")
