"""`SpatialDilatedMaxPooling`: max pooling over dilated (spaced-out) windows of NCHW images."""
from ._windows import WindowPooling, strided_windows
from .spatial_max_pooling import SpatialMaxPooling


class SpatialDilatedMaxPooling(SpatialMaxPooling, WindowPooling):
    """Torch7's `SpatialDilatedMaxPooling(kW, kH, dW, dH, padW, padH, dilationW, dilationH)`.

    Each window reads kW x kH inputs spaced `dilationW`, `dilationH` apart,
    moved by dW, dH over the zero-padded input (padding at most half the
    kernel); `.ceil()` rounds the output size up, as SpatialMaxPooling.

    Args:
        kW, kH: window size.
        dW, dH: strides (default: the window size).
        padW, padH: implicit padding.
        dilationW, dilationH: spacing of the window's taps (default 1).

    Shape:
        (N, C, H, W) or (C, H, W) -> (N, C, oH, oW) with
        oH = floor_or_ceil((H + 2 padH - dilationH (kH - 1) - 1) / dH) + 1, oW alike.
    """

    def __init__(self, kW: int, kH: int, dW: int | None = None, dH: int | None = None, padW: int = 0, padH: int = 0,
                 dilationW: int = 1, dilationH: int = 1):
        super().__init__(kW, kH, dW, dH, padW, padH)
        self.dilationW, self.dilationH = int(dilationW), int(dilationH)
        if min(self.dilationW, self.dilationH) < 1:
            raise ValueError(f"{type(self).__name__}: dilations must be >= 1, got dilationW={dilationW}, "
                             f"dilationH={dilationH}")

    def _windows(self, sizes):
        h, w = sizes
        return [strided_windows(h, self.kH, self.dH, self.padH, self.dilationH, self.ceil_mode),
                strided_windows(w, self.kW, self.dW, self.padW, self.dilationW, self.ceil_mode)]

    def update_output(self, input):
        return self._max_pool(input, self._windows, (self.dilationH, self.dilationW))

    def update_grad_input(self, input, grad_output):
        self.grad_input = self._max_backward(input.shape, grad_output)
        return self.grad_input

    def extra_repr(self):
        return super().extra_repr() + f", dilation {self.dilationW},{self.dilationH}"
