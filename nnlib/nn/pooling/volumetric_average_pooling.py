"""`VolumetricAveragePooling`: mean over each 3-D window of (N, C, T, H, W) volumes."""
from .._checks import check_same_shape
from ._windows import CeilMode, WindowPooling, strided_windows, window_arguments


class VolumetricAveragePooling(CeilMode, WindowPooling):
    """Torch7's `VolumetricAveragePooling(kT, kW, kH, dT, dW, dH)`.

    Torch7's module has no padding (its THNN kernel does): here the optional
    `padT, padW, padH` and `.ceil()` expose it, padding cells counted in the
    divisor as THNN does (`count_include_pad`).

    Args:
        kT, kW, kH: window size.
        dT, dW, dH: strides (default: the window size).
        padT, padW, padH: implicit zero padding (default 0, Torch7's only choice).

    Shape:
        (N, C, T, H, W) or (C, T, H, W) -> (N, C, oT, oH, oW), oT = floor_or_ceil((T + 2 padT - kT) / dT) + 1 etc.
    """

    dims = 3

    def __init__(self, kT: int, kW: int, kH: int, dT: int | None = None, dW: int | None = None, dH: int | None = None,
                 padT: int = 0, padW: int = 0, padH: int = 0):
        super().__init__()
        (self.kT, self.kW, self.kH), (self.dT, self.dW, self.dH), (self.padT, self.padW, self.padH) = \
            window_arguments(self, (kT, kW, kH), (dT, dW, dH), (padT, padW, padH))

    def _windows(self, sizes):
        t, h, w = sizes
        return [strided_windows(t, self.kT, self.dT, self.padT, 1, self.ceil_mode),
                strided_windows(h, self.kH, self.dH, self.padH, 1, self.ceil_mode),
                strided_windows(w, self.kW, self.dW, self.padW, 1, self.ceil_mode)]

    def update_output(self, input):
        x, sizes = self._planes(input)
        self._win = self._windows(sizes)
        self._check_output(input, self._win)
        self.output = self._shaped(self._sum_forward(x, self._win), input, self._win)
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        x, _ = self._planes(input)
        self.grad_input = self._sum_backward(grad_output, self._win, x.shape[1:]).reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        s = f"{self.kT}x{self.kW}x{self.kH}, {self.dT},{self.dW},{self.dH}"
        if self.padT or self.padW or self.padH:
            s += f", {self.padT},{self.padW},{self.padH}"
        return s + (", ceil" if self.ceil_mode else "")
