"""`SpatialAveragePooling`: mean over each window of NCHW images."""
import numpy as np

from ...kernels import spatial_pooling as K
from ._spatial_pooling import SpatialPooling


class SpatialAveragePooling(SpatialPooling):
    """Torch7's `SpatialAveragePooling(kW, kH, dW, dH, padW, padH)`; `.ceil()` for ceil mode.

    By default padding cells count in the divisor (`count_include_pad`, Torch's
    default); `set_count_exclude_pad()` divides by the real pixels only.

    Args:
        kW, kH: window size.
        dW, dH: strides (default: the window size).
        padW, padH: implicit zero padding (default 0).

    Shape:
        Input: (N, C, H, W) or (C, H, W), output (N, C, oH, oW), oH = floor((H + 2 padH - kH) / dH) + 1.
    """

    def __init__(self, kW: int, kH: int, dW: int | None = None, dH: int | None = None, padW: int = 0, padH: int = 0):
        super().__init__(kW, kH, dW, dH, padW, padH)
        self.count_include_pad = True

    def set_count_include_pad(self):
        """Divide by the full window size, padding included (the default); returns self."""
        self.count_include_pad = True
        return self

    def set_count_exclude_pad(self):
        """Divide by the number of real input pixels in the window; returns self."""
        self.count_include_pad = False
        return self

    def update_output(self, input):
        x, out = self._prepare_input(input)
        K.spatial_average_pooling_update_output(x, self.kW, self.kH, self.dW, self.dH, self.padW, self.padH,
                                                self.count_include_pad, out)
        return self._finish(input, out, "output")

    def update_grad_input(self, input, grad_output):
        gy, gx = self._prepare_grad(input, grad_output)
        K.spatial_average_pooling_update_grad_input(np.ascontiguousarray(gy), self.kW, self.kH, self.dW, self.dH,
                                                    self.padW, self.padH, self.count_include_pad, gx)
        return self._finish(input, gx, "grad_input")

    def extra_repr(self):
        return super().extra_repr() + ("" if self.count_include_pad else ", count_exclude_pad")
