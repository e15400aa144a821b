"""`SpatialReflectionPadding`: pad NCHW images with their mirror image at the borders."""
from ._index_map import Padding


class SpatialReflectionPadding(Padding):
    """Torch7's `SpatialReflectionPadding`: pad each border with its mirrored pixels.

    Each border is padded with the pixels next to it in reverse order (the edge pixel not
    repeated); a negative size crops that border.

    Args:
        pad_l, pad_r, pad_t, pad_b: left, right, top and bottom sizes; `pad_r`, `pad_t`, `pad_b` default
            to `pad_l`. Each must be smaller than the input's size along its axis.

    Shape:
        (N, C, H, W) or (C, H, W) -> (N, C, H + pad_t + pad_b, W + pad_l + pad_r).
    """

    mode = "reflect"

    def __init__(self, pad_l: int, pad_r: int | None = None, pad_t: int | None = None, pad_b: int | None = None):
        super().__init__()
        self.pad_l = int(pad_l)
        self.pad_r = self.pad_l if pad_r is None else int(pad_r)
        self.pad_t = self.pad_l if pad_t is None else int(pad_t)
        self.pad_b = self.pad_l if pad_b is None else int(pad_b)

    def _pads(self):
        return [(self.pad_t, self.pad_b), (self.pad_l, self.pad_r)]

    def extra_repr(self):
        return f"l={self.pad_l}, r={self.pad_r}, t={self.pad_t}, b={self.pad_b}"
