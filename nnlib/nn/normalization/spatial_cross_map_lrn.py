"""`SpatialCrossMapLRN`: AlexNet's local response normalisation across channels."""
import numpy as np

from ...kernels import spatial_cross_map_lrn as K
from .._checks import check_same_shape, check_spatial_input
from ..module import Module


class SpatialCrossMapLRN(Module):
    """y[c] = x[c] * (k + alpha/size * sum of x[j]^2 over the `size` channels around c)^-beta.

    Torch7's defaults (alpha 1e-4, beta 0.75, k 1); AlexNet uses size 5, k 2.
    The window is [c - size//2, c + (size-1)//2], clipped at the first and
    last channel (symmetric for the usual odd sizes).

    Args:
        size: the number of channels in the window.
        alpha: the scale of the sum of squares (divided by `size`).
        beta: the exponent.
        k: the additive constant.

    Shape:
        Input: (N, C, H, W) or (C, H, W), output as input.
    """

    transient_attributes = ("scale",)

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0):
        super().__init__()
        if int(size) < 1:
            raise ValueError(f"SpatialCrossMapLRN: size must be >= 1, got {size}")
        self.size, self.alpha, self.beta, self.k = int(size), float(alpha), float(beta), float(k)

    def update_output(self, input):
        x = np.ascontiguousarray(check_spatial_input(self, input))
        out = self._buffer("_out", x.shape)
        self.scale = self._buffer("_scale", x.shape)
        K.spatial_cross_map_lrn_update_output(x, self.size, self.alpha, self.beta, self.k, self.scale, out)
        self.output = out[0] if input.ndim == 3 else out
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        x = np.ascontiguousarray(input.reshape(self._out.shape))
        gy = np.ascontiguousarray(grad_output.reshape(self._out.shape))
        gx = self._buffer("_gx", x.shape)
        K.spatial_cross_map_lrn_update_grad_input(x, self._out, self.scale, gy, self.size, self.alpha, self.beta, gx)
        self.grad_input = gx[0] if input.ndim == 3 else gx
        return self.grad_input

    def extra_repr(self):
        return f"size={self.size}, alpha={self.alpha:g}, beta={self.beta:g}, k={self.k:g}"
