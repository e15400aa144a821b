"""`SpatialConvolution`: 2-D convolution over NCHW images, Torch7's argument order."""
import numpy as np

from ...kernels import spatial_convolution as K
from ...plans import SpatialConvolutionPlan
from .._checks import check_same_shape, check_spatial_input, check_window_fits
from .._init import reset_uniform
from ..module import Module


class SpatialConvolution(Module):
    """Convolve `n_in` planes into `n_out` planes with kW x kH kernels (Torch7's SpatialConvolution).

    `weight` is (n_out, n_in, kH, kW) and `bias` (n_out,). As in THNN, the forward pass keeps the
    image columns and the backward pass reuses them, so `backward` must receive the input of the
    last `forward`; small planes at stride 1 without padding go through their DFTs instead, whose
    weight spectrum `forward` keeps, so the weights must not change in between either (the
    algorithm of each input geometry: `nnlib.plans.SpatialConvolutionPlan`). Setting
    `need_grad_input = False` skips the gradient w.r.t. the input (Torch7's `gradInput = nil`).

    Args:
        n_in: input planes.
        n_out: output planes.
        kW, kH: kernel width and height.
        dW, dH: strides (default 1).
        padW, padH: zero padding of each side; padH defaults to padW, as in Torch7.

    Shape:
        Input: (N, n_in, H, W) or (n_in, H, W).
        Output: (N, n_out, oH, oW), oH = (H + 2 padH - kH) // dH + 1, oW alike.
    """

    def __init__(self, n_in: int, n_out: int, kW: int, kH: int, dW: int = 1, dH: int = 1, padW: int = 0,
                 padH: int | None = None):
        super().__init__()
        self.n_in, self.n_out = int(n_in), int(n_out)
        self.kW, self.kH, self.dW, self.dH = int(kW), int(kH), int(dW), int(dH)
        self.padW = int(padW)
        self.padH = self.padW if padH is None else int(padH)
        if min(self.n_in, self.n_out, self.kW, self.kH, self.dW, self.dH) < 1 or min(self.padW, self.padH) < 0:
            raise ValueError(f"SpatialConvolution: planes, kernel sizes and strides must be >= 1 and padding >= 0, "
                             f"got n_in={n_in}, n_out={n_out}, kW={kW}, kH={kH}, dW={dW}, dH={dH}, "
                             f"padW={padW}, padH={padH}")
        self.register_parameter("weight", np.zeros((self.n_out, self.n_in, self.kH, self.kW)))
        self.register_parameter("bias", np.zeros(self.n_out))
        self.need_grad_input = True
        self.reset()

    def reset(self, stdv=None):
        """Torch7's init: weight and bias U(-a, a), a = 1/sqrt(kW*kH*n_in), or stdv * sqrt(3) when given."""
        reset_uniform(stdv, self.kW * self.kH * self.n_in, self.weight, self.bias)
        return self

    def output_shape(self, input_shape):
        """(N, n_out, oH, oW) for an (N, n_in, H, W) input shape."""
        n, _, h, w = input_shape
        return (n, self.n_out, K.output_size(h, self.kH, self.dH, self.padH),
                K.output_size(w, self.kW, self.dW, self.padW))

    def update_output(self, input):
        x = np.ascontiguousarray(check_spatial_input(self, input, self.n_in))
        check_window_fits(self, input.shape, self.kW, self.kH, self.padW, self.padH)
        plan = self._plan_for((x.shape, self.dtype), lambda: SpatialConvolutionPlan(
            x.shape, self.n_out, self.kW, self.kH, self.dW, self.dH, self.padW, self.padH, self.dtype))
        out = self._buffer("_out", plan.output_shape)
        plan.forward(x, self.weight, self.bias, out)
        self.output = out[0] if input.ndim == 3 else out
        return self.output

    def _grad_operand(self, grad_output):
        """grad_output as this geometry's plan takes it for the backward passes."""
        check_same_shape(self, self.output, grad_output)
        return self._plan.grad_operand(np.asarray(grad_output, dtype=self.dtype).reshape(self._out.shape))

    def _grad_input_from(self, input, gy):
        if not self.need_grad_input:
            self.grad_input = None
            return None
        gx = self._buffer("_gx", (self._out.shape[0],) + input.shape[-3:])
        self._plan.grad_input(gy, self.weight, gx)
        self.grad_input = gx[0] if input.ndim == 3 else gx
        return self.grad_input

    def _acc_from(self, gy, scale):
        self._plan.acc_grad(gy, self.grad_weight, self.grad_bias, scale)

    def update_grad_input(self, input, grad_output):
        return self._grad_input_from(input, self._grad_operand(grad_output))

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        self._acc_from(self._grad_operand(grad_output), scale)

    def backward(self, input, grad_output, scale=1.0):
        """Both passes, preparing grad_output only once."""
        gy = self._grad_operand(grad_output)
        self._grad_input_from(input, gy)
        if scale != 0:  # 0: a frozen module (requires_grad False)
            self._acc_from(gy, scale)
        return self.grad_input

    def extra_repr(self):
        s = f"{self.n_in} -> {self.n_out}, {self.kW}x{self.kH}"
        if self.dW != 1 or self.dH != 1 or self.padW or self.padH:
            s += f", {self.dW},{self.dH}"
        if self.padW or self.padH:
            s += f", {self.padW},{self.padH}"
        return s
