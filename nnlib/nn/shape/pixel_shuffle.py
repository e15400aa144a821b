"""`PixelShuffle`: (C r^2, H, W) -> (C, H r, W r)."""
import numpy as np

from .._checks import check_same_shape, check_spatial_input, describe
from ..module import Module


class PixelShuffle(Module):
    """Sub-pixel rearrangement of ESPCN (Shi et al. 2016; Torch7's nn.PixelShuffle).

    Channel `c r^2 + i r + j` becomes the sub-pixel (i, j) of channel c.

    Args:
        upscale_factor: r.

    Shape:
        (N, C r^2, H, W) -> (N, C, H r, W r), or the same without N.
    """

    def __init__(self, upscale_factor: int):
        super().__init__()
        self.upscale_factor = int(upscale_factor)
        if self.upscale_factor < 1:
            raise ValueError(f"PixelShuffle: upscale_factor must be >= 1, got {upscale_factor}")

    def update_output(self, input):
        x = check_spatial_input(self, input)
        n, c, h, w = x.shape
        r = self.upscale_factor
        if c % (r * r):
            raise ValueError(f"{describe(self)}: input shape {input.shape} has {c} channels, not a multiple of "
                             f"upscale_factor^2 = {r * r}")
        out = self._buffer("_out", (n, c // (r * r), h * r, w * r))
        np.copyto(out.reshape(n, c // (r * r), h, r, w, r), x.reshape(n, c // (r * r), r, r, h, w).transpose(0, 1, 4, 2, 5, 3))
        self.output = out[0] if input.ndim == 3 else out
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        gy = grad_output.reshape(self._out.shape)
        n, c, hr, wr = gy.shape
        r = self.upscale_factor
        gx = self._buffer("_gx", (n, c * r * r, hr // r, wr // r))
        np.copyto(gx.reshape(n, c, r, r, hr // r, wr // r), gy.reshape(n, c, hr // r, r, wr // r, r).transpose(0, 1, 3, 5, 2, 4))
        self.grad_input = gx[0] if input.ndim == 3 else gx
        return self.grad_input

    def extra_repr(self):
        return str(self.upscale_factor)
