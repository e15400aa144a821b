"""`SpatialUpSamplingNearest`: enlarge NCHW images by an integer factor, repeating each pixel."""
import numpy as np

from ..padding._index_map import IndexMap
from ._linear import check_scale


class SpatialUpSamplingNearest(IndexMap):
    """Torch7's `SpatialUpSamplingNearest(scale_factor)`: each pixel becomes a scale x scale block.

    Args:
        scale_factor: integer >= 1.

    Shape:
        (N, C, H, W) or (C, H, W) -> (N, C, H * scale, W * scale).
    """

    def __init__(self, scale_factor: int):
        super().__init__()
        self.scale_factor = check_scale(self, scale_factor)

    def _maps(self, sizes):
        return [np.arange(s * self.scale_factor) // self.scale_factor for s in sizes]

    def extra_repr(self):
        return f"scale_factor={self.scale_factor}"
