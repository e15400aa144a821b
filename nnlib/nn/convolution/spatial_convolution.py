"""`SpatialConvolution`: 2-D convolution over NCHW images, Torch7's argument order."""
import numpy as np

from ...kernels import spatial_convolution as K
from ...kernels import spatial_convolution_fft as FK
from .._checks import check_same_shape, check_spatial_input, check_window_fits
from .._init import reset_uniform
from ..module import Module


class SpatialConvolution(Module):
    """Convolve `n_in` planes into `n_out` planes with kW x kH kernels (Torch7's SpatialConvolution).

    `weight` is (n_out, n_in, kH, kW) and `bias` (n_out,). As in THNN, the forward pass keeps the
    image columns and the backward pass reuses them, so `backward` must receive the input of the
    last `forward`; small planes at stride 1 without padding go through their DFTs instead, whose
    weight spectrum `forward` keeps, so the weights must not change in between either. Setting
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

    transient_attributes = ("_spectra", "_fft_work")

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
        self._spectra = None  # the DFT work arrays of the last forward pass, when it took the DFT path
        self._fft_work = None
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
        shape = self.output_shape(x.shape)
        out = self._buffer("_out", shape)
        if self._fft_pays(x.shape):
            self._spectra = self._spectra_for(x.shape)
            FK.fft_conv_forward(x, np.ascontiguousarray(self.weight), np.ascontiguousarray(self.bias), self._spectra,
                                out)
        else:
            self._spectra = None
            columns = shape[0] * shape[2] * shape[3]
            cols = self._buffer("_cols", (self.weight[0].size, columns))
            tmp = None if K.per_image_pays(shape[2] * shape[3]) else self._buffer("_tmp", (self.n_out, columns))
            K.spatial_convolution_update_output(x, self.weight.reshape(self.n_out, -1), self.bias, self.kW, self.kH,
                                                self.dW, self.dH, self.padW, self.padH, cols, tmp, out)
        self.output = out[0] if input.ndim == 3 else out
        return self.output

    def _fft_pays(self, input_shape):
        n, _, h, w = input_shape
        return FK.fft_pays(n, self.n_in, self.n_out, h, w, self.kH, self.kW, self.dH, self.dW, self.padH, self.padW)

    def _spectra_for(self, input_shape):
        """The DFT work arrays of this input shape and dtype (kept while they stay the same)."""
        n, _, h, w = input_shape
        geometry = (n, self.n_in, self.n_out, h, w, self.kH, self.kW)
        s = getattr(self, "_fft_work", None)
        if s is None or s.shape != geometry or s.xs.dtype != self.dtype:
            s = self._fft_work = FK.fft_conv_spectra(*geometry, self.dtype)
        return s

    def _grad_operand(self, grad_output):
        """grad_output in the layout of the backward passes: its spectrum (kept in `_spectra`) on the DFT
        path, else as `K.grad_output_operand` lays it out for the GEMMs."""
        check_same_shape(self, self.output, grad_output)
        gy = np.asarray(grad_output, dtype=self.dtype).reshape(self._out.shape)
        if self._spectra is not None:
            gy = np.ascontiguousarray(gy)
            FK.fft_conv_grad_output_spectrum(gy, self._spectra)
            return gy
        rows = None
        if not K.per_image_pays(gy.shape[2] * gy.shape[3]):
            rows = self._buffer("_gy_rows", (self.n_out, gy.shape[0] * gy.shape[2] * gy.shape[3]))
        return K.grad_output_operand(gy, rows)

    def _grad_input_from(self, input, gy):
        if not self.need_grad_input:
            self.grad_input = None
            return None
        oH, oW = self._out.shape[2], self._out.shape[3]
        gx = self._buffer("_gx", (self._out.shape[0],) + input.shape[-3:])
        if self._spectra is not None:
            FK.fft_conv_grad_input(self._spectra, gx)
        else:
            gcols = self._buffer("_gcols", self._cols.shape)
            K.spatial_convolution_update_grad_input(gy, self.weight.reshape(self.n_out, -1), self.kW, self.kH,
                                                    self.dW, self.dH, self.padW, self.padH, oH, oW, gcols, gx)
        self.grad_input = gx[0] if input.ndim == 3 else gx
        return self.grad_input

    def _acc_from(self, gy, scale):
        if self._spectra is not None:
            FK.fft_conv_acc_grad_parameters(gy, self._spectra, self.grad_weight, self.grad_bias, scale)
            return
        scratch = self._buffer("_grad_weight_t", K.weight_gradient_scratch_shape(gy, self.weight[0].size))
        K.spatial_convolution_acc_grad_parameters(self._cols, gy, self.grad_weight.reshape(self.n_out, -1),
                                                  self.grad_bias, scale, scratch)

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
