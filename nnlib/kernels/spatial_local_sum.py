"""Kernel-weighted local sums over all planes of NCHW images, zero outside (torch/nn's mean estimator).

`out[n, h, w] = sum_c sum_ij kernel[i, j] x[n, c, h + i - kH//2, w + j - kW//2]`:
the zero-padded "same" cross-correlation of every plane with one odd kernel,
summed over planes, as the SpatialConvolution(C, 1, kW, kH) of
Spatial{Subtractive,Divisive}Normalization computes it. The backward pass
gives every plane the same (adjoint) map. One prange iteration per image;
C-contiguous arrays.
"""
from ._config import auto_parallel, prange, zero_of


@auto_parallel
def spatial_local_sum_update_output(x, kernel, out):
    """out (N, H, W) = the kernel-weighted local sums of x (N, C, H, W) over all planes."""
    n_img, n_ch, H, W = x.shape
    kH, kW = kernel.shape
    pH, pW = kH // 2, kW // 2
    for n in prange(n_img):
        for h in range(H):
            i0, i1 = max(0, pH - h), min(kH, H + pH - h)
            for w in range(W):
                j0, j1 = max(0, pW - w), min(kW, W + pW - w)
                s = zero_of(out)
                for c in range(n_ch):
                    for i in range(i0, i1):
                        for j in range(j0, j1):
                            s += kernel[i, j] * x[n, c, h + i - pH, w + j - pW]
                out[n, h, w] = s


@auto_parallel
def spatial_local_sum_update_grad_input(grad_output, kernel, grad_input):
    """grad_input (N, C, H, W): every plane gets the adjoint of the local sum applied to grad_output (N, H, W)."""
    n_img, n_ch, H, W = grad_input.shape
    kH, kW = kernel.shape
    pH, pW = kH // 2, kW // 2
    for n in prange(n_img):
        for y in range(H):
            i0, i1 = max(0, y + pH - H + 1), min(kH, y + pH + 1)
            for x in range(W):
                j0, j1 = max(0, x + pW - W + 1), min(kW, x + pW + 1)
                s = zero_of(grad_input)
                for i in range(i0, i1):
                    for j in range(j0, j1):
                        s += kernel[i, j] * grad_output[n, y - i + pH, x - j + pW]
                for c in range(n_ch):
                    grad_input[n, c, y, x] = s
