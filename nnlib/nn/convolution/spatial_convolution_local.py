"""`SpatialConvolutionLocal`: a locally connected layer, one kernel per output position."""
import numpy as np

from ...kernels import spatial_convolution_local as K
from .._checks import check_same_shape, check_spatial_input, describe
from .._init import reset_uniform
from ..module import Module


class SpatialConvolutionLocal(Module):
    """A SpatialConvolution whose weights are not shared across positions (Torch7's).

    Output position (y, x) has its own (n_out, n_in, kH, kW) kernels and its own biases.

    Args:
        n_in, n_out: input and output planes.
        iW, iH: the input width and height, fixed at construction (they set the number of positions).
        kW, kH: kernel width and height.
        dW, dH: strides (default 1).
        padW, padH: zero padding of each side; padH defaults to padW, as in Torch7.

    Shape:
        input (N, n_in, iH, iW) or (n_in, iH, iW); output (N, n_out, oH, oW),
        oH = (iH + 2*padH - kH) // dH + 1. `weight` is (oH, oW, n_out, n_in, kH, kW), `bias` (n_out, oH, oW).
    """

    def __init__(self, n_in: int, n_out: int, iW: int, iH: int, kW: int, kH: int, dW: int = 1, dH: int = 1,
                 padW: int = 0, padH: int | None = None):
        super().__init__()
        self.n_in, self.n_out = int(n_in), int(n_out)
        self.iW, self.iH, self.kW, self.kH, self.dW, self.dH = map(int, (iW, iH, kW, kH, dW, dH))
        self.padW = int(padW)
        self.padH = self.padW if padH is None else int(padH)
        if min(self.n_in, self.n_out, self.kW, self.kH, self.dW, self.dH) < 1 or min(self.padW, self.padH) < 0:
            raise ValueError(f"SpatialConvolutionLocal: planes, kernel sizes and strides must be >= 1 and padding "
                             f">= 0, got n_in={n_in}, n_out={n_out}, kW={kW}, kH={kH}, dW={dW}, dH={dH}, "
                             f"padW={padW}, padH={padH}")
        self.oW = (2 * self.padW + self.iW - self.kW) // self.dW + 1
        self.oH = (2 * self.padH + self.iH - self.kH) // self.dH + 1
        if self.oW < 1 or self.oH < 1:
            raise ValueError(f"SpatialConvolutionLocal: illegal configuration: the {self.kH}x{self.kW} kernel does "
                             f"not fit in the padded {self.iH + 2 * self.padH}x{self.iW + 2 * self.padW} input (HxW)")
        self.register_parameter("weight", np.zeros((self.oH, self.oW, self.n_out, self.n_in, self.kH, self.kW)))
        self.register_parameter("bias", np.zeros((self.n_out, self.oH, self.oW)))
        self.reset()

    def reset(self, stdv=None):
        """Torch7's init: weight and bias U(-a, a), a = 1/sqrt(kW*kH*n_in), or stdv * sqrt(3) when given."""
        reset_uniform(stdv, self.kW * self.kH * self.n_in, self.weight, self.bias)
        return self

    def update_output(self, input):
        x = np.ascontiguousarray(check_spatial_input(self, input, self.n_in))
        if x.shape[2:] != (self.iH, self.iW):
            raise ValueError(f"{describe(self)}: input shape {input.shape} has planes {x.shape[2]}x{x.shape[3]} "
                             f"(HxW), expected {self.iH}x{self.iW}: an input (N, {self.n_in}, {self.iH}, {self.iW})")
        out = self._buffer("_out", (x.shape[0], self.n_out, self.oH, self.oW))
        K.spatial_convolution_local_update_output(x, self.weight, self.bias, self.dW, self.dH, self.padW, self.padH,
                                                  out)
        self.output = out if input.ndim == 4 else out[0]
        return self.output

    def _operands(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        x = input if input.ndim == 4 else input[None]
        return x, np.asarray(grad_output, dtype=self.dtype).reshape(self._out.shape)

    def update_grad_input(self, input, grad_output):
        x, gy = self._operands(input, grad_output)
        gx = self._buffer("_gx", x.shape)
        K.spatial_convolution_local_update_grad_input(gy, self.weight, self.dW, self.dH, self.padW, self.padH, gx)
        self.grad_input = gx if input.ndim == 4 else gx[0]
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        x, gy = self._operands(input, grad_output)
        K.spatial_convolution_local_acc_grad_parameters(x, gy, self.dW, self.dH, self.padW, self.padH,
                                                        self.grad_weight, self.grad_bias, self.dtype.type(scale))

    def extra_repr(self):
        s = f"{self.n_in} -> {self.n_out}, {self.iW}x{self.iH}, {self.kW}x{self.kH}"
        if self.dW != 1 or self.dH != 1 or self.padW or self.padH:
            s += f", {self.dW},{self.dH}"
        if self.padW or self.padH:
            s += f", {self.padW},{self.padH}"
        return s
