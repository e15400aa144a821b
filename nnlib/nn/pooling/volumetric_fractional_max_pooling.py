"""`VolumetricFractionalMaxPooling`: fractional max pooling of (N, C, T, H, W) volumes."""
from .spatial_fractional_max_pooling import SpatialFractionalMaxPooling


class VolumetricFractionalMaxPooling(SpatialFractionalMaxPooling):
    """Torch7's `VolumetricFractionalMaxPooling(kT, kW, kH, outT, outW, outH)` (or ratios in (0, 1)).

    SpatialFractionalMaxPooling in three dimensions: three uniform numbers per
    (sample, plane) (`random_samples`, (N, C, 3): T, W, H) place its windows.

    Args:
        kT, kW, kH: window size (>= 2).
        outT, outW, outH: output size when all are >= 1; otherwise reduction ratios in (0, 1).

    Shape:
        (N, C, T, H, W) or (C, T, H, W) -> (N, C, outT, outH, outW); needs out + k - 1 < input size on each axis.
    """

    dims = 3
    torch_axes = "TWH"

    def __init__(self, kT: int, kW: int, kH: int, outT: float, outW: float, outH: float):
        super(SpatialFractionalMaxPooling, self).__init__()
        self._init_axes(dict(zip(self.torch_axes, (kT, kW, kH))), dict(zip(self.torch_axes, (outT, outW, outH))))
