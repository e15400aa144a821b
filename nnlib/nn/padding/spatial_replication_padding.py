"""`SpatialReplicationPadding`: pad NCHW images by repeating their edge pixels."""
from .spatial_reflection_padding import SpatialReflectionPadding


class SpatialReplicationPadding(SpatialReflectionPadding):
    """Torch7's `SpatialReplicationPadding`: pad each border with copies of its edge pixels.

    A negative size crops that border.

    Args:
        pad_l, pad_r, pad_t, pad_b: left, right, top and bottom sizes; `pad_r`, `pad_t`, `pad_b` default to `pad_l`.

    Shape:
        (N, C, H, W) or (C, H, W) -> (N, C, H + pad_t + pad_b, W + pad_l + pad_r).
    """

    mode = "replicate"
