"""The plan of a 2-D convolution (`SpatialConvolution`, `SpatialConvolutionMM`) for one input geometry."""
import numpy as np

from ..kernels import spatial_convolution as K
from ..kernels import spatial_convolution_fft as FK
from ..kernels._memory import empty_aligned

ALGORITHMS = ("dft", "per_image", "batched")


class SpatialConvolutionPlan:
    """A convolution of one input shape and dtype: its algorithm, work arrays and passes.

    Algorithms, chosen in `choose_algorithm`:
        "dft": products of the planes' DFTs (stride 1, no padding, small planes, enough images and
            planes: `spatial_convolution_fft.fft_pays`'s measured cost model).
        "per_image": im2col, then one GEMM per image straight into NCHW (output planes of at least
            `spatial_convolution.PER_IMAGE_MIN_PLANE` pixels).
        "batched": im2col, one GEMM over the batch into (n_out, N*oH*oW) rows, reordered into NCHW.
    The forward pass keeps what the backward passes reuse (the columns, or the spectra), so these
    must see the input (and the weights) of the last forward.

    Args:
        input_shape: (N, n_in, H, W).
        n_out: output planes.
        kW, kH, dW, dH, padW, padH: kernel size, strides and zero padding.
        dtype: float32 or float64.
    """

    def __init__(self, input_shape, n_out, kW, kH, dW, dH, padW, padH, dtype):
        n, n_in, h, w = input_shape
        self.key = (tuple(input_shape), np.dtype(dtype))
        self.window = (kW, kH, dW, dH, padW, padH)
        out_h, out_w = K.output_size(h, kH, dH, padH), K.output_size(w, kW, dW, padW)
        self.output_shape = (n, n_out, out_h, out_w)
        self.algorithm = choose_algorithm(input_shape, n_out, kW, kH, dW, dH, padW, padH)
        if self.algorithm == "dft":
            self.spectra = FK.fft_conv_spectra(n, n_in, n_out, h, w, kH, kW, dtype)
            return
        depth, columns = n_in * kH * kW, n * out_h * out_w
        self.columns = empty_aligned((depth, columns), dtype)
        self.grad_columns = None  # allocated by the first grad_input (a first layer never asks)
        # the batched GEMM's (n_out, N*oH*oW) output, and grad_output laid out so for the backward passes
        self.rows = None if self.algorithm == "per_image" else empty_aligned((n_out, columns), dtype)
        self.grad_weight_scratch = empty_aligned(
            K.weight_gradient_scratch_shape(self.algorithm == "per_image", n, depth, n_out), dtype)

    def forward(self, x, weight, bias, out):
        """out = conv(x, weight) + bias; x C-contiguous (N, n_in, H, W), weight (n_out, n_in, kH, kW)."""
        if self.algorithm == "dft":
            FK.fft_conv_forward(x, np.ascontiguousarray(weight), np.ascontiguousarray(bias), self.spectra, out)
        else:
            K.spatial_convolution_update_output(x, weight.reshape(weight.shape[0], -1), bias, *self.window,
                                                self.columns, self.rows, out)

    def grad_operand(self, grad_output):
        """grad_output (N, n_out, oH, oW) as the backward passes take it: its spectrum (kept in the plan),
        itself per image, or reordered into rows."""
        gy = np.ascontiguousarray(grad_output)
        if self.algorithm == "dft":
            FK.fft_conv_grad_output_spectrum(gy, self.spectra)
            return gy
        return K.grad_output_operand(gy, self.rows)

    def grad_input(self, gy, weight, grad_input):
        """grad_input (N, n_in, H, W) from `grad_operand`'s gy."""
        if self.algorithm == "dft":
            FK.fft_conv_grad_input(self.spectra, grad_input)
            return
        if self.grad_columns is None:
            self.grad_columns = empty_aligned(self.columns.shape, self.columns.dtype)
        out_h, out_w = self.output_shape[2:]
        K.spatial_convolution_update_grad_input(gy, weight.reshape(weight.shape[0], -1), *self.window, out_h, out_w,
                                                self.grad_columns, grad_input)

    def acc_grad(self, gy, grad_weight, grad_bias, scale):
        """grad_weight (n_out, n_in, kH, kW) and grad_bias += scale * their gradients, from `grad_operand`'s gy."""
        if self.algorithm == "dft":
            FK.fft_conv_acc_grad_parameters(gy, self.spectra, grad_weight, grad_bias, scale)
        else:
            K.spatial_convolution_acc_grad_parameters(self.columns, gy, grad_weight.reshape(grad_weight.shape[0], -1),
                                                      grad_bias, scale, self.grad_weight_scratch)


def choose_algorithm(input_shape, n_out, kW, kH, dW, dH, padW, padH):
    """"dft", "per_image" or "batched" for a convolution of this geometry (see `SpatialConvolutionPlan`)."""
    n, n_in, h, w = input_shape
    if FK.fft_pays(n, n_in, n_out, h, w, kH, kW, dH, dW, padH, padW):
        return "dft"
    plane = K.output_size(h, kH, dH, padH) * K.output_size(w, kW, dW, padW)
    return "per_image" if K.per_image_pays(plane) else "batched"
