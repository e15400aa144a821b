"""`VolumetricMaxUnpooling`: the inverse of a VolumetricMaxPooling, by its saved argmax positions."""
from .spatial_max_unpooling import SpatialMaxUnpooling
from .volumetric_max_pooling import VolumetricMaxPooling


class VolumetricMaxUnpooling(SpatialMaxUnpooling):
    """Torch7's `VolumetricMaxUnpooling`: the inverse of a paired VolumetricMaxPooling.

    Each input value goes back where the paired VolumetricMaxPooling found its maximum, zeros elsewhere.

    Args:
        pooling_module: the `nn.VolumetricMaxPooling` (kernel equal to stride) whose output this module unpools;
            it must have run its forward pass first.

    Shape:
        the pooling module's output shape -> its input shape.
    """

    pooling_class = VolumetricMaxPooling
    dims = 3
    axes = "TWH"

    def _output_size(self):
        return (self.pooling.itime, self.pooling.iheight, self.pooling.iwidth)
