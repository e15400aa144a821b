"""`SpatialConvolutionMM`: Torch7's im2col ("MM") 2-D convolution, the same computation as SpatialConvolution."""
import numpy as np

from .spatial_convolution import SpatialConvolution


class SpatialConvolutionMM(SpatialConvolution):
    """SpatialConvolution under its other Torch7 name (THNN's unfold + matrix-multiply convolution).

    The passes are SpatialConvolution's. `weight` is (n_out, n_in, kH, kW), the
    layout THNN leaves after a pass; a 2-D (n_out, n_in*kH*kW) weight, as a
    freshly built Torch7 SpatialConvolutionMM stores it, assigned to `weight`
    (or `grad_weight`) is viewed as 4-D at the next pass, as THNN accepts both.

    Args:
        n_in, n_out, kW, kH, dW, dH, padW, padH: as SpatialConvolution.

    Shape:
        input (N, n_in, H, W) or (n_in, H, W); output (N, n_out, oH, oW),
        oH = (H + 2*padH - kH) // dH + 1.
    """

    def _weights_4d(self):
        shape = (self.n_out, self.n_in, self.kH, self.kW)
        for name in ("weight", "grad_weight"):
            a = getattr(self, name)
            if a.ndim == 2:
                if a.shape != (self.n_out, self.n_in * self.kH * self.kW):
                    raise ValueError(f"{self!r}: a 2-D {name} must be (n_out, n_in*kH*kW) = "
                                     f"({self.n_out}, {self.n_in * self.kH * self.kW}), got {a.shape}")
                setattr(self, name, np.ascontiguousarray(a, dtype=self.dtype).reshape(shape))

    def update_output(self, input):
        self._weights_4d()
        return super().update_output(input)
