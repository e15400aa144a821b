"""Base class of the 2-D pooling modules: Torch7's window arguments, ceil mode and checks."""
import numpy as np

from ...kernels import spatial_pooling as K
from .._checks import check_same_shape, check_spatial_input, check_window_fits
from ..module import Module


class SpatialPooling(Module):
    """kW x kH windows moved by dW, dH over a zero-padded NCHW input."""

    def __init__(self, kW: int, kH: int, dW: int | None = None, dH: int | None = None, padW: int = 0, padH: int = 0):
        super().__init__()
        self.kW, self.kH = int(kW), int(kH)
        self.dW = self.kW if dW is None else int(dW)
        self.dH = self.kH if dH is None else int(dH)
        self.padW, self.padH = int(padW), int(padH)
        self.ceil_mode = False
        name = type(self).__name__
        if min(self.kW, self.kH, self.dW, self.dH) < 1:
            raise ValueError(f"{name}: kernel sizes and strides must be >= 1, got kW={kW}, kH={kH}, dW={dW}, dH={dH}")
        if not (0 <= self.padW <= self.kW // 2 and 0 <= self.padH <= self.kH // 2):
            raise ValueError(f"{name}: padding must be between 0 and half the kernel size, "
                             f"got padW={padW}, padH={padH} for a {kW}x{kH} kernel")

    def ceil(self):
        """Round the output size up (the last window may hang over the edge); returns self."""
        self.ceil_mode = True
        return self

    def floor(self):
        """Round the output size down (the default); returns self."""
        self.ceil_mode = False
        return self

    def output_shape(self, input_shape):
        """(N, C, oH, oW) for an (N, C, H, W) input shape."""
        n, c, h, w = input_shape
        return (n, c, K.pooled_size(h, self.kH, self.dH, self.padH, self.ceil_mode),
                K.pooled_size(w, self.kW, self.dW, self.padW, self.ceil_mode))

    def _prepare_input(self, input):
        x = np.ascontiguousarray(check_spatial_input(self, input))
        check_window_fits(self, input.shape, self.kW, self.kH, self.padW, self.padH)
        return x, self._buffer("_out", self.output_shape(x.shape))

    def _prepare_grad(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        gy = grad_output.reshape(self._out.shape)
        return gy, self._buffer("_gx", gy.shape[:2] + input.shape[-2:])

    def _finish(self, input, out, attr):
        value = out[0] if input.ndim == 3 else out
        setattr(self, attr, value)
        return value

    def extra_repr(self):
        s = f"{self.kW}x{self.kH}, {self.dW},{self.dH}"
        if self.padW or self.padH:
            s += f", {self.padW},{self.padH}"
        return s + (", ceil" if self.ceil_mode else "")
