"""Local response normalisation across channels (AlexNet), parallel over (image, channel) planes.

    scale[n, c] = k + alpha/size * sum_{j in window(c)} x[n, j]^2,   window(c) = [c - size//2, c + (size-1)//2]
    out[n, c]   = x[n, c] * scale[n, c]^-beta

Every plane is written by one thread, so results do not depend on thread timing.
"""
import numpy as np

from ._config import pjit, prange

_U = np.uint64  # uint64 offsets drop numba's wraparound check and let the plane loops vectorise


@pjit
def spatial_cross_map_lrn_update_output(x, size, alpha, beta, k, scale, out):
    """Fill `scale` and `out` (N, C, H, W) from `x`; all arrays C-contiguous."""
    n_img, n_ch, H, W = x.shape
    plane = H * W
    xf = x.reshape(-1)
    sf = scale.reshape(-1)
    of = out.reshape(-1)
    before, after = size // 2, (size - 1) // 2
    coef = alpha / size
    for t in prange(n_img * n_ch):
        n = t // n_ch
        c = t % n_ch
        d0 = _U(t * plane)
        for p in range(_U(plane)):
            sf[d0 + p] = 0.0
        for j in range(max(0, c - before), min(n_ch, c + after + 1)):
            s0 = _U((n * n_ch + j) * plane)
            for p in range(_U(plane)):
                v = xf[s0 + p]
                sf[d0 + p] += v * v
        for p in range(_U(plane)):
            s = k + coef * sf[d0 + p]
            sf[d0 + p] = s
            of[d0 + p] = xf[d0 + p] * s ** -beta


@pjit
def spatial_cross_map_lrn_update_grad_input(x, output, scale, grad_output, size, alpha, beta, grad_input):
    """grad_input[n, i] = gy[n, i] * scale[n, i]^-beta
                          - 2*alpha*beta/size * x[n, i] * sum_{c: i in window(c)} gy[n, c] * out[n, c] / scale[n, c]."""
    n_img, n_ch, H, W = x.shape
    plane = H * W
    xf = x.reshape(-1)
    yf = output.reshape(-1)
    sf = scale.reshape(-1)
    gyf = grad_output.reshape(-1)
    gxf = grad_input.reshape(-1)
    before, after = size // 2, (size - 1) // 2
    coef = 2.0 * alpha * beta / size
    for t in prange(n_img * n_ch):
        n = t // n_ch
        i = t % n_ch
        d0 = _U(t * plane)
        for p in range(_U(plane)):
            gxf[d0 + p] = 0.0
        # channels c whose window [c - before, c + after] contains i
        for c in range(max(0, i - after), min(n_ch, i + before + 1)):
            s0 = _U((n * n_ch + c) * plane)
            for p in range(_U(plane)):
                gxf[d0 + p] += gyf[s0 + p] * yf[s0 + p] / sf[s0 + p]
        for p in range(_U(plane)):
            q = d0 + p
            gxf[q] = gyf[q] * sf[q] ** -beta - coef * xf[q] * gxf[q]
