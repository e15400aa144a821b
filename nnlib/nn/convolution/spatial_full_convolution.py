"""`SpatialFullConvolution`: the transpose of a 2-D convolution (a "deconvolution")."""
import numpy as np

from ._volumetric import _VolumeConvolution


class SpatialFullConvolution(_VolumeConvolution):
    """Spread each input pixel over a kH x kW window of the output: the adjoint of SpatialConvolution.

    Args:
        n_in, n_out: input and output planes.
        kW, kH: kernel width and height.
        dW, dH: strides (default 1).
        padW, padH: padding removed from each side of the output (default 0 each).
        adjW, adjH: extra output columns / rows at the far end, each smaller than its stride (default 0).

    Shape:
        input (N, n_in, H, W) or (n_in, H, W); output (N, n_out, oH, oW) with
        oH = (H - 1)*dH - 2*padH + kH + adjH (likewise oW). `weight` is (n_in, n_out, kH, kW),
        `bias` (n_out,). The backward passes reuse the last `forward`'s input. As in Torch7, the input may be a
        table [input, target] whose target's trailing sizes set adj = (size + 2*pad - k) % stride.
    """

    full = True

    def __init__(self, n_in: int, n_out: int, kW: int, kH: int, dW: int = 1, dH: int = 1, padW: int = 0,
                 padH: int = 0, adjW: int = 0, adjH: int = 0):
        super().__init__()
        self._setup(n_in, n_out, (1, kH, kW), (1, dH, dW), (0, padH, padW), (1, 1, 1), True, (0, adjH, adjW))
        self.kW, self.kH, self.dW, self.dH = map(int, (kW, kH, dW, dH))
        self.padW, self.padH, self.adjW, self.adjH = map(int, (padW, padH, adjW, adjH))
        self.register_parameter("weight", np.zeros((self.n_in, self.n_out, self.kH, self.kW)))
        self.register_parameter("bias", np.zeros(self.n_out))
        self.reset()

    def reset(self, stdv=None):
        """Torch7's init: U(-a, a), a = 1/sqrt(kW*kH*n_in), or stdv * sqrt(3) when given."""
        return self._init_uniform(stdv, self.kW * self.kH * self.n_in)
