"""`VolumetricDilatedMaxPooling`: max pooling over dilated 3-D windows."""
from .volumetric_max_pooling import VolumetricMaxPooling


class VolumetricDilatedMaxPooling(VolumetricMaxPooling):
    """Torch7's `VolumetricDilatedMaxPooling(kT, kW, kH, dT, dW, dH, padT, padW, padH, dilationT, dilationW, dilationH)`.

    VolumetricMaxPooling whose windows read inputs spaced `dilation` apart along each axis.

    Args:
        kT, kW, kH, dT, dW, dH, padT, padW, padH: as VolumetricMaxPooling;
        dilationT, dilationW, dilationH: spacing of the window's taps (default 1).

    Shape:
        (N, C, T, H, W) or (C, T, H, W) -> (N, C, oT, oH, oW),
        oT = floor_or_ceil((T + 2 padT - dilationT (kT - 1) - 1) / dT) + 1, oH and oW alike.
    """

    def __init__(self, kT: int, kW: int, kH: int, dT: int | None = None, dW: int | None = None,
                 dH: int | None = None, padT: int = 0, padW: int = 0, padH: int = 0, dilationT: int = 1,
                 dilationW: int = 1, dilationH: int = 1):
        super().__init__(kT, kW, kH, dT, dW, dH, padT, padW, padH)
        self.dilationT, self.dilationW, self.dilationH = int(dilationT), int(dilationW), int(dilationH)
        if min(self.dilationT, self.dilationW, self.dilationH) < 1:
            raise ValueError(f"{type(self).__name__}: dilations must be >= 1, got "
                             f"{dilationT}, {dilationW}, {dilationH} (T, W, H)")
        self.dilations = (self.dilationT, self.dilationH, self.dilationW)

    def extra_repr(self):
        return super().extra_repr() + f", dilation {self.dilationT},{self.dilationW},{self.dilationH}"
