"""`VolumetricFullConvolution`: the transpose of a 3-D convolution (a "deconvolution")."""
import numpy as np

from ._volumetric import _VolumeConvolution


class VolumetricFullConvolution(_VolumeConvolution):
    """Spread each input voxel over a kT x kH x kW window of the output: the adjoint of VolumetricConvolution.

    Args:
        n_in, n_out: input and output planes.
        kT, kW, kH: kernel depth, width and height.
        dT, dW, dH: strides (default 1).
        padT, padW, padH: padding removed from each side of the output (default 0).
        adjT, adjW, adjH: extra output positions at the far end, each smaller than its stride (default 0).

    Shape:
        input (N, n_in, T, H, W) or (n_in, T, H, W); output (N, n_out, oT, oH, oW) with
        oT = (T - 1)*dT - 2*padT + kT + adjT (likewise oH, oW). `weight` is (n_in, n_out, kT, kH, kW),
        `bias` (n_out,). The backward passes reuse the last `forward`'s input. As in Torch7, the input may be a
        table [input, target] whose target's trailing sizes set adj = (size + 2*pad - k) % stride.
    """

    full = True

    def __init__(self, n_in: int, n_out: int, kT: int, kW: int, kH: int, dT: int = 1, dW: int = 1, dH: int = 1,
                 padT: int = 0, padW: int = 0, padH: int = 0, adjT: int = 0, adjW: int = 0, adjH: int = 0):
        super().__init__()
        self._setup(n_in, n_out, (kT, kH, kW), (dT, dH, dW), (padT, padH, padW), (1, 1, 1), False, (adjT, adjH, adjW))
        self.kT, self.kW, self.kH, self.dT, self.dW, self.dH = map(int, (kT, kW, kH, dT, dW, dH))
        self.padT, self.padW, self.padH = map(int, (padT, padW, padH))
        self.adjT, self.adjW, self.adjH = map(int, (adjT, adjW, adjH))
        self.register_parameter("weight", np.zeros((self.n_in, self.n_out, self.kT, self.kH, self.kW)))
        self.register_parameter("bias", np.zeros(self.n_out))
        self.reset()

    def reset(self, stdv=None):
        """Torch7's init: U(-a, a), a = 1/sqrt(kT*kW*kH*n_in), or stdv * sqrt(3) when given."""
        return self._init_uniform(stdv, self.kT * self.kW * self.kH * self.n_in)
