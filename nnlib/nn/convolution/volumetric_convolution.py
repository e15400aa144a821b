"""`VolumetricConvolution`: 3-D convolution over NCDHW volumes (vol2col + GEMM)."""
import numpy as np

from ._volumetric import _VolumeConvolution


class VolumetricConvolution(_VolumeConvolution):
    """Convolve `n_in` planes into `n_out` planes with kT x kH x kW kernels (Torch7's argument order).

    Args:
        n_in, n_out: input and output planes.
        kT, kW, kH: kernel depth (time), width and height.
        dT, dW, dH: strides (default 1).
        padT, padW, padH: zero padding of each side; padW defaults to padT and padH to padW, as in Torch7.

    Shape:
        input (N, n_in, T, H, W) or one volume (n_in, T, H, W); output (N, n_out, oT, oH, oW) with
        oT = (T + 2*padT - kT) // dT + 1 (likewise oH, oW). `weight` is (n_out, n_in, kT, kH, kW),
        `bias` (n_out,). The backward passes reuse the columns of the last `forward`'s input, so
        `backward` must receive the input of the last `forward`.
    """

    def __init__(self, n_in: int, n_out: int, kT: int, kW: int, kH: int, dT: int = 1, dW: int = 1, dH: int = 1,
                 padT: int = 0, padW: int | None = None, padH: int | None = None):
        super().__init__()
        self._init_volumetric(n_in, n_out, kT, kW, kH, dT, dW, dH, padT, padW, padH, 1, 1, 1)

    def _init_volumetric(self, n_in, n_out, kT, kW, kH, dT, dW, dH, padT, padW, padH, dilT, dilW, dilH):
        padW = padT if padW is None else padW
        padH = padW if padH is None else padH
        self._setup(n_in, n_out, (kT, kH, kW), (dT, dH, dW), (padT, padH, padW), (dilT, dilH, dilW), False)
        self.kT, self.kW, self.kH, self.dT, self.dW, self.dH = map(int, (kT, kW, kH, dT, dW, dH))
        self.padT, self.padW, self.padH = map(int, (padT, padW, padH))
        self.register_parameter("weight", np.zeros((self.n_out, self.n_in, self.kT, self.kH, self.kW)))
        self.register_parameter("bias", np.zeros(self.n_out))
        self.reset()

    def reset(self, stdv=None):
        """Torch7's init: U(-a, a), a = 1/sqrt(kT*kW*kH*n_in), or stdv * sqrt(3) when given."""
        return self._init_uniform(stdv, self.kT * self.kW * self.kH * self.n_in)
