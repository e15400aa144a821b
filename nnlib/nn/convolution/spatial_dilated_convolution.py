"""`SpatialDilatedConvolution`: 2-D convolution with holes between the kernel taps."""
import numpy as np

from ._volumetric import _VolumeConvolution


class SpatialDilatedConvolution(_VolumeConvolution):
    """Convolve `n_in` planes into `n_out` planes with kW x kH kernels whose taps are `dilation` apart.

    Args:
        n_in, n_out: input and output planes.
        kW, kH: kernel width and height.
        dW, dH: strides (default 1).
        padW, padH: zero padding of each side; padH defaults to padW, as in Torch7.
        dilationW, dilationH: spacing of the kernel taps (default 1: a plain convolution).

    Shape:
        input (N, n_in, H, W) or (n_in, H, W); output (N, n_out, oH, oW) with
        oH = (H + 2*padH - dilationH*(kH - 1) - 1) // dH + 1 (likewise oW).
        `weight` is (n_out, n_in, kH, kW), `bias` (n_out,). The backward passes reuse the columns
        of the last `forward`'s input.
    """

    def __init__(self, n_in: int, n_out: int, kW: int, kH: int, dW: int = 1, dH: int = 1, padW: int = 0,
                 padH: int | None = None, dilationW: int = 1, dilationH: int = 1):
        super().__init__()
        padH = padW if padH is None else padH
        self._setup(n_in, n_out, (1, kH, kW), (1, dH, dW), (0, padH, padW), (1, dilationH, dilationW), True)
        self.kW, self.kH, self.dW, self.dH, self.padW, self.padH = map(int, (kW, kH, dW, dH, padW, padH))
        self.dilationW, self.dilationH = int(dilationW), int(dilationH)
        self.register_parameter("weight", np.zeros((self.n_out, self.n_in, self.kH, self.kW)))
        self.register_parameter("bias", np.zeros(self.n_out))
        self.reset()

    def reset(self, stdv=None):
        """Torch7's init: U(-a, a), a = 1/sqrt(kW*kH*n_in), or stdv * sqrt(3) when given."""
        return self._init_uniform(stdv, self.kW * self.kH * self.n_in)
