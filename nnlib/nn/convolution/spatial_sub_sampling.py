"""`SpatialSubSampling`: a scaled sum over windows, per plane."""
import numpy as np

from .._init import reset_uniform
from .spatial_depth_wise_convolution import SpatialDepthWiseConvolution


class SpatialSubSampling(SpatialDepthWiseConvolution):
    """out[n, c] = bias[c] + weight[c] * (sum of x[n, c] over each kH x kW window) (Torch7's SpatialSubSampling).

    A SpatialDepthWiseConvolution of multiplier 1 whose kernel holds one value per
    plane: its passes, with the weight broadcast over the window and the taps'
    gradients summed. No padding, as in Torch7.

    Args:
        n_in: planes C (also the output's).
        kW, kH: window width and height.
        dW, dH: strides (default 1).

    Shape:
        input (N, C, H, W) or (C, H, W); output (N, C, oH, oW), oH = (H - kH) // dH + 1.
        `weight` and `bias` are (C,).
    """

    def __init__(self, n_in: int, kW: int, kH: int, dW: int = 1, dH: int = 1):
        super(SpatialDepthWiseConvolution, self).__init__()
        self._setup(n_in, 1, kW, kH, dW, dH, 0, 0)
        self.register_parameter("weight", np.zeros(self.n_in))
        self.register_parameter("bias", np.zeros(self.n_in))
        self.reset()

    def reset(self, stdv=None):
        """Torch7's init: weight and bias U(-a, a), a = 1/sqrt(kW*kH), or stdv * sqrt(3) when given."""
        reset_uniform(stdv, self.kW * self.kH, self.weight, self.bias)
        return self

    def _kernels(self):
        return np.broadcast_to(self.weight[:, None, None, None], (self.n_in, 1, self.kH, self.kW))

    def _biases(self):
        return self.bias[:, None]

    def _grad_kernels(self):
        taps = self._buffer("_grad_taps", (self.n_in, 1, self.kH, self.kW))
        taps.fill(0)
        return taps

    def _grad_biases(self):
        return self.grad_bias[:, None]

    def _finish_grad_kernels(self, grad_kernels):
        self.grad_weight += grad_kernels.sum(axis=(1, 2, 3))

    def extra_repr(self):
        return f"{self.n_in}, {self.kW}x{self.kH}" + (f", {self.dW},{self.dH}" if (self.dW, self.dH) != (1, 1) else "")
