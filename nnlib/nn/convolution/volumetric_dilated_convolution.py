"""`VolumetricDilatedConvolution`: 3-D convolution with holes between the kernel taps."""
from ._volumetric import _VolumeConvolution
from .volumetric_convolution import VolumetricConvolution


class VolumetricDilatedConvolution(VolumetricConvolution):
    """A VolumetricConvolution whose kernel taps are `dilation` apart along each axis.

    Args:
        n_in, n_out, kT, kW, kH, dT, dW, dH, padT, padW, padH: as VolumetricConvolution.
        dilationT, dilationW, dilationH: spacing of the kernel taps (default 1: a plain convolution).

    Shape:
        input (N, n_in, T, H, W) or (n_in, T, H, W); output (N, n_out, oT, oH, oW) with
        oT = (T + 2*padT - dilationT*(kT - 1) - 1) // dT + 1 (likewise oH, oW).
        `weight` is (n_out, n_in, kT, kH, kW), `bias` (n_out,).
    """

    def __init__(self, n_in: int, n_out: int, kT: int, kW: int, kH: int, dT: int = 1, dW: int = 1, dH: int = 1,
                 padT: int = 0, padW: int | None = None, padH: int | None = None, dilationT: int = 1,
                 dilationW: int = 1, dilationH: int = 1):
        _VolumeConvolution.__init__(self)
        self.dilationT, self.dilationW, self.dilationH = int(dilationT), int(dilationW), int(dilationH)
        self._init_volumetric(n_in, n_out, kT, kW, kH, dT, dW, dH, padT, padW, padH, dilationT, dilationW, dilationH)
