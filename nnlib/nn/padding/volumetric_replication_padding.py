"""`VolumetricReplicationPadding`: pad (N, C, T, H, W) volumes by repeating their edge voxels."""
from ._index_map import Padding


class VolumetricReplicationPadding(Padding):
    """Torch7's `VolumetricReplicationPadding`: pad each face with copies of its edge voxels.

    A negative size crops that face.

    Args:
        pleft, pright: voxels added along W (`pright` defaults to `pleft`, as do all below).
        ptop, pbottom: along H.
        pfront, pback: along T.

    Shape:
        (N, C, T, H, W) or (C, T, H, W) -> (N, C, T + pfront + pback, H + ptop + pbottom, W + pleft + pright).
    """

    dims = 3

    def __init__(self, pleft: int, pright: int | None = None, ptop: int | None = None, pbottom: int | None = None,
                 pfront: int | None = None, pback: int | None = None):
        super().__init__()
        self.pleft = int(pleft)
        self.pright, self.ptop, self.pbottom, self.pfront, self.pback = (
            self.pleft if p is None else int(p) for p in (pright, ptop, pbottom, pfront, pback))

    def _pads(self):
        return [(self.pfront, self.pback), (self.ptop, self.pbottom), (self.pleft, self.pright)]

    def extra_repr(self):
        return (f"left={self.pleft}, right={self.pright}, top={self.ptop}, bottom={self.pbottom}, "
                f"front={self.pfront}, back={self.pback}")
