"""`SpatialDepthWiseConvolution`: each input plane convolved with its own n_out kernels."""
import numpy as np

from ...kernels import spatial_depthwise_convolution as K
from .._checks import check_same_shape, check_spatial_input, check_window_fits
from .._init import reset_uniform
from ..module import Module


class SpatialDepthWiseConvolution(Module):
    """Depth-wise 2-D convolution: each input plane has its own `n_out` kernels (Torch7's).

    Input plane c makes output planes c*n_out + m, each the plane correlated with weight[m, c] plus
    bias[m, c] (PyTorch's conv2d with groups = n_in).

    Args:
        n_in: input planes C.
        n_out: output planes per input plane M (the depth multiplier); the output has C*M planes.
        kW, kH: kernel width and height.
        dW, dH: strides (default 1).
        padW, padH: zero padding of each side; padH defaults to padW, as in Torch7.

    Shape:
        input (N, C, H, W) or (C, H, W); output (N, C*M, oH, oW), oH = (H + 2*padH - kH) // dH + 1.
        `weight` is (M, C, kH, kW), the 4-D layout THNN gives it, `bias` (M, C).
    """

    def __init__(self, n_in: int, n_out: int, kW: int, kH: int, dW: int = 1, dH: int = 1, padW: int = 0,
                 padH: int | None = None):
        super().__init__()
        self._setup(n_in, n_out, kW, kH, dW, dH, padW, padW if padH is None else padH)
        self.register_parameter("weight", np.zeros((self.n_out, self.n_in, self.kH, self.kW)))
        self.register_parameter("bias", np.zeros((self.n_out, self.n_in)))
        self.reset()

    def _setup(self, n_in, n_out, kW, kH, dW, dH, padW, padH):
        self.n_in, self.n_out = int(n_in), int(n_out)
        self.kW, self.kH, self.dW, self.dH, self.padW, self.padH = map(int, (kW, kH, dW, dH, padW, padH))
        if min(self.n_in, self.n_out, self.kW, self.kH, self.dW, self.dH) < 1 or min(self.padW, self.padH) < 0:
            raise ValueError(f"{type(self).__name__}: planes, kernel sizes and strides must be >= 1 and padding "
                             f">= 0, got n_in={n_in}, n_out={n_out}, kW={kW}, kH={kH}, dW={dW}, dH={dH}, "
                             f"padW={padW}, padH={padH}")

    def reset(self, stdv=None):
        """Torch7's init: weight and bias U(-a, a), a = 1/sqrt(kW*kH*n_in), or stdv * sqrt(3) when given."""
        reset_uniform(stdv, self.kW * self.kH * self.n_in, self.weight, self.bias)
        return self

    # -- the kernels' (C, M, kH, kW) kernels and (C, M) biases, as views ----------------------
    def _kernels(self):
        return self.weight.transpose(1, 0, 2, 3)

    def _biases(self):
        return self.bias.T

    def _grad_kernels(self):
        """Where the kernels accumulate the weight gradient (a view of grad_weight here)."""
        return self.grad_weight.transpose(1, 0, 2, 3)

    def _grad_biases(self):
        return self.grad_bias.T

    def _finish_grad_kernels(self, grad_kernels):
        """Move an accumulated `_grad_kernels` into grad_weight (nothing to do here)."""

    # -- passes --------------------------------------------------------------------------------
    def _multiplier(self):
        return self.n_out

    def update_output(self, input):
        x = check_spatial_input(self, input, self.n_in)
        check_window_fits(self, x.shape, self.kW, self.kH, self.padW, self.padH)
        n, c, h, w = x.shape
        oH, oW = (h + 2 * self.padH - self.kH) // self.dH + 1, (w + 2 * self.padW - self.kW) // self.dW + 1
        out = self._buffer("_out", (n, c, self._multiplier(), oH, oW))
        K.spatial_depthwise_convolution_update_output(x, self._kernels(), self._biases(), self.dW, self.dH,
                                                      self.padW, self.padH, out)
        planes = out.reshape(n, -1, oH, oW)
        self.output = planes if input.ndim == 4 else planes[0]
        return self.output

    def _operands(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        x = input if input.ndim == 4 else input[None]
        return x, np.asarray(grad_output, dtype=self.dtype).reshape(self._out.shape)

    def update_grad_input(self, input, grad_output):
        x, gy = self._operands(input, grad_output)
        gx = self._buffer("_gx", x.shape)
        K.spatial_depthwise_convolution_update_grad_input(gy, self._kernels(), self.dW, self.dH, self.padW,
                                                          self.padH, gx)
        self.grad_input = gx if input.ndim == 4 else gx[0]
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        x, gy = self._operands(input, grad_output)
        grad_kernels = self._grad_kernels()
        K.spatial_depthwise_convolution_acc_grad_parameters(x, gy, self.dW, self.dH, self.padW, self.padH,
                                                            grad_kernels, self._grad_biases(), self.dtype.type(scale))
        self._finish_grad_kernels(grad_kernels)

    def extra_repr(self):
        s = f"{self.n_in} -> {self.n_in * self.n_out}, {self.kW}x{self.kH}"
        if self.dW != 1 or self.dH != 1 or self.padW or self.padH:
            s += f", {self.dW},{self.dH}"
        if self.padW or self.padH:
            s += f", {self.padW},{self.padH}"
        return s
