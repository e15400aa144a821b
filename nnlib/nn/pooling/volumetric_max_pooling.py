"""`VolumetricMaxPooling`: maximum over each 3-D window of (N, C, T, H, W) volumes."""
from ._windows import CeilMode, WindowPooling, strided_windows, window_arguments


class VolumetricMaxPooling(CeilMode, WindowPooling):
    """Torch7's `VolumetricMaxPooling(kT, kW, kH, dT, dW, dH, padT, padW, padH)`; `.ceil()` for ceil mode.

    kT x kH x kW windows moved by dT, dH, dW over the zero-padded volume
    (padding at most half the kernel); `indices` keeps the flat position
    (t*H + h)*W + w of each maximum in its volume, for VolumetricMaxUnpooling.

    Args:
        kT, kW, kH: window size.
        dT, dW, dH: strides (default: the window size).
        padT, padW, padH: implicit zero padding (default 0).

    Shape:
        (N, C, T, H, W) or (C, T, H, W) -> (N, C, oT, oH, oW), oT = floor_or_ceil((T + 2 padT - kT) / dT) + 1 etc.
    """

    dims = 3
    dilations = (1, 1, 1)

    def __init__(self, kT: int, kW: int, kH: int, dT: int | None = None, dW: int | None = None, dH: int | None = None,
                 padT: int = 0, padW: int = 0, padH: int = 0):
        super().__init__()
        (self.kT, self.kW, self.kH), (self.dT, self.dW, self.dH), (self.padT, self.padW, self.padH) = \
            window_arguments(self, (kT, kW, kH), (dT, dW, dH), (padT, padW, padH))

    def _windows(self, sizes):
        (t, h, w), (lt, lh, lw) = sizes, self.dilations
        return [strided_windows(t, self.kT, self.dT, self.padT, lt, self.ceil_mode),
                strided_windows(h, self.kH, self.dH, self.padH, lh, self.ceil_mode),
                strided_windows(w, self.kW, self.dW, self.padW, lw, self.ceil_mode)]

    def update_output(self, input):
        self.itime, self.iheight, self.iwidth = input.shape[-3:]
        return self._max_pool(input, self._windows, self.dilations)

    def update_grad_input(self, input, grad_output):
        self.grad_input = self._max_backward(input.shape, grad_output)
        return self.grad_input

    def extra_repr(self):
        s = f"{self.kT}x{self.kW}x{self.kH}, {self.dT},{self.dW},{self.dH}"
        if self.padT or self.padW or self.padH:
            s += f", {self.padT},{self.padW},{self.padH}"
        return s + (", ceil" if self.ceil_mode else "")
