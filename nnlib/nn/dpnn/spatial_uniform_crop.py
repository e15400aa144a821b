"""`SpatialUniformCrop`: dpnn's SpatialUniformCrop: a random crop per image in training, the centre in evaluation."""
import numpy as np

from ...random import get_rng
from .._checks import check_float_input
from ..module import Module


class SpatialUniformCrop(Module):
    """Crops (oheight, owidth) from each image at a uniformly drawn position (training) or the centre (evaluation).

    Args:
        oheight: crop height.
        owidth: crop width (default oheight).
        scale: dpnn's random rescaling (nnx's SpatialReSampling) is not
            supported: must be None.

    Positions are drawn from nnlib's generator, each offset uniform over
    every position where the crop fits (dpnn's draw never reached the last
    one); the evaluation crop starts at ((H - oheight) // 2, (W - owidth) // 2).

    Shape:
        (N, C, H, W) -> (N, C, oheight, owidth).
    """

    transient_attributes = ("_offsets",)

    def __init__(self, oheight: int, owidth: int | None = None, scale: float | None = None):
        super().__init__()
        if scale is not None:
            raise ValueError("SpatialUniformCrop: scale (dpnn's rescaling through nnx's SpatialReSampling) is not "
                             "supported; pass scale=None")
        self.oheight = int(oheight)
        self.owidth = self.oheight if owidth is None else int(owidth)

    def _positions(self, x):
        n, _, h, w = x.shape
        if h < self.oheight or w < self.owidth:
            raise ValueError(f"{self!r}: images {h}x{w} are smaller than the crop {self.oheight}x{self.owidth}")
        if self.train:
            rng = get_rng()
            return rng.integers(0, h - self.oheight + 1, n), rng.integers(0, w - self.owidth + 1, n)
        return np.full(n, (h - self.oheight) // 2), np.full(n, (w - self.owidth) // 2)

    def _index(self, x, y0, x0):
        n = x.shape[0]
        return (np.arange(n)[:, None, None], slice(None), (y0[:, None] + np.arange(self.oheight))[:, :, None],
                (x0[:, None] + np.arange(self.owidth))[:, None, :])

    def update_output(self, input):
        check_float_input(self, input, (4,))
        self._offsets = self._positions(input)
        b, _, rows, cols = self._index(input, *self._offsets)
        self.output = np.ascontiguousarray(input.transpose(0, 2, 3, 1)[b, rows, cols].transpose(0, 3, 1, 2))
        return self.output

    def update_grad_input(self, input, grad_output):
        b, _, rows, cols = self._index(input, *self._offsets)
        grad = np.zeros((input.shape[0], input.shape[2], input.shape[3], input.shape[1]), dtype=input.dtype)
        grad[b, rows, cols] = np.asarray(grad_output).transpose(0, 2, 3, 1)
        self.grad_input = np.ascontiguousarray(grad.transpose(0, 3, 1, 2))
        return self.grad_input

    def extra_repr(self):
        return f"{self.oheight}x{self.owidth}"
