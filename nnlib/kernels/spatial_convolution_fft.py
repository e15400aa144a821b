"""2-D convolution (NCHW, stride 1, no padding) through the DFT of each input plane, for small planes.

Torch's convolution is a cross-correlation, y[n,o,p,q] = b[o] + sum w[o,c,i,j] x[n,c,p+i,q+j],
oH = H-kH+1, oW = W-kW+1. With ^ the 2-D DFT of size H x W (w and gy zero-padded to
H x W; no output wraps around, as kH-1 + oH-1 = H-1):

    forward       Y^[n,o]  = sum_c conj(W^[o,c]) X^[n,c]    y  = (inverse of Y^)[:oH, :oW] + b
    grad input    GX^[n,c] = sum_o W^[o,c] GY^[n,o]          gx = inverse of GX^  (all H x W)
    grad weight   GW^[o,c] = sum_n conj(GY^[n,o]) X^[n,c]    gw += scale * (inverse of GW^)[:kH, :kW]

The spectra of real planes are Hermitian, so only a set of `F` frequencies
is kept (`frequencies`): the rfft half plane v <= W//2, without the rows
u > H//2 of the columns v = 0 and v = W/2, which mirror others. That is
F = 61 for 11 x 11 planes (rfft2 keeps 66): H*W real numbers in all.

Every spectrum is stored frequency-major with real and imaginary parts
apart, a real matrix per frequency, so that each product over channels or
images is one real BLAS GEMM per frequency (the four products of real and
imaginary parts at once, `FFTConvSpectra`):

    xs[f]  (2N, C)   rows (re/im, n)      X^ at f
    ws[f]  (2O, C)   rows (re/im, o)      W^ at f
    gys[f] (2N, 2O)  [[GYr, -GYi], [GYi, GYr]]
    ys, gxs, gws     Y^ (2, N, O), GX^ (2N, C), GW^ (2O, C)

so that per frequency

    forward       P = xs[f] @ ws[f].T (2N, 2O):  Yr = P[:N, :O] + P[N:, O:],  Yi = P[N:, :O] - P[:N, O:]
    grad input    gxs[f] = gys[f] @ ws[f]
    grad weight   gws[f] = gys[f].T @ xs[f]

The transforms are separable, GEMMs over all planes against precomputed
cos/sin matrices (`_forward_dft`, `_inverse_dft`): along rows (one GEMM per
pixel row, only the kH x kW or oH x oW corner of a zero-padded plane is
read), then along columns (one GEMM per column of frequencies); the inverses
in the opposite order, and only to the corner they need.

Each frequency's GEMM runs on one thread (blocks of frequencies, one per
thread) and each transform splits its planes into blocks, one per thread,
by shapes and the thread count only: results repeat bit for bit.

Only stride 1 and no padding; the planes must be small (the products grow
with H*W, the im2col path's with oH*oW*kH*kW). Measured on the seed CNN's
second layer (batch 10, 32 -> 64, 11 x 11, 5 x 5, float32, 2 threads, median
of 300 calls, an AVX-512 Xeon), against the im2col path's same pass:

    forward                 260 us   (im2col 320-345)
    grad-output spectrum     55 us   (im2col's grad_output_operand 8)
    grad input               81 us   (im2col 360)
    grad weight and bias    122 us   (im2col 226)
    a training step         580 us   (im2col 980)

The forward pass gains least: it transforms 2048 kernels and 320 input
planes, and its products need the weight spectrum transposed. The
transforms' GEMMs have inner dimensions of 5-22, where OpenBLAS runs far
below its peak.
"""
from typing import NamedTuple

import numpy as np

from . import _blas
from ._blas import single_threaded
from ._choices import choice
from ._config import MAX_BLOCKS, even_block, jit, pjit, prange, thread_count
from ._memory import LINE_ELEMENTS, empty_aligned
from ._transpose import transpose
from .spatial_convolution import _acc_plane_sums

_U = np.uint64


def frequencies(H, W):
    """(u, v, weight) of the frequencies kept for H x W real planes, as an (F, 3) int array.

    The rfft half plane 0 <= v <= W//2, less the rows u > H//2 of the columns
    v = 0 and (W even) v = W/2: those are the conjugates of rows H-u. `weight`
    is how often a frequency counts in the inverse: 1 for the self-conjugate
    ones (2u and 2v multiples of H and W), else 2 (itself and its mirror).
    """
    rows = []
    for v in range(W // 2 + 1):
        mirrored = 2 * v % W == 0
        for u in range(H // 2 + 1 if mirrored else H):
            rows.append((u, v, 1 if mirrored and 2 * u % H == 0 else 2))
    return np.array(rows, dtype=np.int64).reshape(-1, 3)


def _cos_sin(turns, period):
    """cos and sin of 2 pi turns/period (integer arrays), exact at multiples of a quarter turn."""
    turns = np.asarray(turns) % period
    angle = 2 * np.pi * turns / period
    c, s = np.cos(angle), np.sin(angle)
    quarter = 4 * turns % period == 0
    q = (4 * turns // period) % 4
    c[quarter] = np.array([1.0, 0.0, -1.0, 0.0])[q[quarter]]
    s[quarter] = np.array([0.0, 1.0, 0.0, -1.0])[q[quarter]]
    return c, s


def row_dft(W, cols, dtype):
    """(2*(W//2+1), cols): rows (v, re) cos(2 pi v j/W) and (v, im) -sin(2 pi v j/W), j < cols.

    Forward: the spectra along rows of planes `cols` wide (zero beyond), T_v = sum_j x_j e^{-2 pi i v j/W}.
    Inverse: (re, im) rows (v) of U to the real sum_v Re(U_v e^{2 pi i v j/W}) at j < cols.
    """
    c, s = _cos_sin(np.arange(W // 2 + 1)[:, None] * np.arange(cols), W)
    return np.ascontiguousarray(np.stack([c, -s], axis=1).reshape(-1, cols), dtype=dtype)


def column_dft(H, W, rows, dtype):
    """(2F, 2*rows): row (f, re/im) of the spectrum along columns from (re/im, i) of T, i < rows.

    Z_f = sum_i T_i e^{-2 pi i u_f i/H}: Zr = sum cos Tr + sin Ti, Zi = sum cos Ti - sin Tr.
    """
    freq = frequencies(H, W)
    c, s = _cos_sin(freq[:, :1] * np.arange(rows), H)
    m = np.empty((len(freq), 2, 2, rows))
    m[:, 0, 0], m[:, 0, 1], m[:, 1, 0], m[:, 1, 1] = c, s, -s, c
    return np.ascontiguousarray(m.reshape(2 * len(freq), 2 * rows), dtype=dtype)


def column_idft(H, W, rows, dtype):
    """(2*rows, 2F): (re/im, i) of U_{v,i} = sum over f of column v of weight_f/(H*W) Z_f e^{2 pi i u_f i/H}, i < rows.

    With `row_dft` after it this is the real inverse: each frequency counted
    `weight` times (itself and its mirror), the self-conjugate ones by their
    real part only, as numpy's irfft2 does.
    """
    freq = frequencies(H, W)
    c, s = _cos_sin(np.arange(rows)[:, None] * freq[:, 0], H)
    a = freq[:, 2] / (H * W)
    m = np.empty((2, rows, len(freq), 2))
    m[0, :, :, 0], m[0, :, :, 1], m[1, :, :, 0], m[1, :, :, 1] = a * c, -a * s, a * s, a * c
    return np.ascontiguousarray(m.reshape(2 * rows, 2 * len(freq)), dtype=dtype)


class FFTConvSpectra(NamedTuple):
    """DFT matrices, work arrays and spectra of one convolution geometry (`fft_conv_spectra`); F frequencies.

    The forward pass fills xs (input) and ws (weights); the backward passes
    reuse them, so they must follow the forward pass of the same input and
    weights. `fft_conv_grad_output_spectrum` fills gys for both backward passes.
    The work arrays and spectra start on cache lines: the transforms split
    the spectra's rows between threads (`_memory`).
    """
    shape: tuple        # (N, C, O, H, W, kH, kW)
    column_start: np.ndarray  # (W//2+2,) frequencies of column v are [column_start[v], column_start[v+1])
    row_x: np.ndarray   # row_dft of H x W planes (W wide)
    row_k: np.ndarray   # ... of kernels (kW wide)
    row_y: np.ndarray   # ... of output planes (oW wide)
    col_x: np.ndarray   # column_dft of H rows
    col_k: np.ndarray   # ... of kH rows
    col_y: np.ndarray   # ... of oH rows
    icol_x: np.ndarray  # column_idft to H rows
    icol_k: np.ndarray  # ... to kH rows
    icol_y: np.ndarray  # ... to oH rows
    planes_t: np.ndarray  # flat scratch of the forward transforms: each block's planes transposed, (pixel, plane)
    work: np.ndarray    # flat scratch of the transforms: each block's (re/im, row) spectra along rows
    xs: np.ndarray      # (F, 2N, C)
    ws: np.ndarray      # (F, 2O, C)
    ys: np.ndarray      # (F, 2, N, O)
    gyc: np.ndarray     # (2F, N*O) grad-output spectrum, compact
    gys: np.ndarray     # (F, 2N, 2O) grad-output spectrum, as [[GYr, -GYi], [GYi, GYr]]
    gxs: np.ndarray     # (F, 2N, C)
    gws: np.ndarray     # (F, 2O, C)


def fft_conv_spectra(N, C, O, H, W, kH, kW, dtype):
    """Matrices and work arrays for convolving N images of C planes of H x W into O planes with kH x kW kernels."""
    if min(N, C, O, kH, kW) < 1 or kH > H or kW > W:
        raise ValueError(f"fft_conv_spectra: bad geometry N={N}, C={C}, O={O}, H={H}, W={W}, kH={kH}, kW={kW}")
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"fft_conv_spectra: dtype must be float32 or float64, got {dtype}")
    oH, oW = H - kH + 1, W - kW + 1
    freq = frequencies(H, W)
    F = len(freq)
    column_start = np.searchsorted(freq[:, 1], np.arange(W // 2 + 2)).astype(np.int64)
    n_v = W // 2 + 1
    pixels = max(_scratch_size(N * C, H * W), _scratch_size(O * C, kH * kW), _scratch_size(N * O, oH * oW))
    work = max(_scratch_size(N * C, 2 * n_v * H), _scratch_size(O * C, 2 * n_v * kH), _scratch_size(N * O, 2 * n_v * oH))
    return FFTConvSpectra(
        (N, C, O, H, W, kH, kW), column_start,
        row_dft(W, W, dtype), row_dft(W, kW, dtype), row_dft(W, oW, dtype),
        column_dft(H, W, H, dtype), column_dft(H, W, kH, dtype), column_dft(H, W, oH, dtype),
        column_idft(H, W, H, dtype), column_idft(H, W, kH, dtype), column_idft(H, W, oH, dtype),
        empty_aligned(pixels, dtype), empty_aligned(work, dtype),
        empty_aligned((F, 2 * N, C), dtype), empty_aligned((F, 2 * O, C), dtype), empty_aligned((F, 2, N, O), dtype),
        empty_aligned((2 * F, N * O), dtype), empty_aligned((F, 2 * N, 2 * O), dtype),
        empty_aligned((F, 2 * N, C), dtype), empty_aligned((F, 2 * O, C), dtype))


MAX_PLANE = choice("spatial_convolution", "dft_max_plane")
"""Largest input plane (H*W) convolved through its DFT (the largest measured: 28 x 28)."""


def fft_pays(n_img, n_in, n_out, H, W, kH, kW, dH, dW, padH, padW):
    """Whether a convolution of this geometry runs through the DFT (`SpatialConvolution` asks).

    Stride 1 and no padding only. The products take about 2*H*W
    multiply-adds per (image, in-plane, out-plane), im2col's GEMMs
    oH*oW*kH*kW: large kernels on small planes gain. The transforms cost per
    plane of input, output and kernels, so few images or few planes do not
    pay for them. Training steps (forward and both backward passes, float32,
    2 threads) against im2col, N images, C -> O planes, H x H, k x k:

        N 10, 32 -> 64, 11, 5 (the seed CNN's second layer)   2.6x faster; N 128: 2.4x
        N 10, 32 -> 64, 16/20/24, 5                           2.1-2.4x;  N 10, 16 -> 32, 28, 5: 1.9x
        N 10, 6 -> 16, 14, 5 (LeNet's second layer)           1.4x;  N 10, 8 -> 8, 11, 5: 1.5x
        N 4, 32 -> 64, 11, 5                                  1.14x; N 2: 0.69x; N 1: 0.58x
        N 10, 4 -> 16, 11, 5                                  0.90x; 3 -> 16: 0.93x
        3 x 3 kernels (N 10, 32 -> 64, 8-16; 64 -> 64, 7)     1.05-1.10x: not worth other rounding
    """
    if dH != 1 or dW != 1 or padH or padW or n_img < 4 or H * W > MAX_PLANE:
        return False
    few_planes = n_in * n_out < 4 * (n_in + n_out)
    return not few_planes and (H - kH + 1) * (W - kW + 1) * kH * kW >= 8 * H * W


MIN_TRANSFORM_COLUMNS = 64
"""Planes per block below which a transform splits into fewer blocks."""


@jit
def _column_blocks(planes):
    """Blocks of planes a transform splits into: up to MAX_BLOCKS, each at least MIN_TRANSFORM_COLUMNS.
    The planes alone decide (a block's width is a GEMM dimension, which OpenBLAS may round by), never
    the thread count; numba's threads share the blocks out."""
    return max(1, min(MAX_BLOCKS, planes // MIN_TRANSFORM_COLUMNS))


def _scratch_size(planes, per_plane):
    """Elements of scratch a transform of `planes` planes needs for `per_plane` values per plane
    (`_scratch_stride`), for up to MAX_BLOCKS blocks."""
    return (planes + MAX_BLOCKS) * per_plane + LINE_ELEMENTS * MAX_BLOCKS


@jit
def _scratch_stride(planes, blocks, per_plane, scratch):
    """Elements between the scratch regions of a transform's blocks, for `per_plane` values per plane.

    Block b keeps its values in scratch[b * stride:], a contiguous region of
    its own starting on a cache line (the scratch arrays are aligned):
    with the rows of one scratch matrix split between threads instead, their
    caches traded lines (two threads took 1.25x as long as one on the seed
    CNN's input transform; 0.6x with a region each).
    """
    width = (planes + blocks - 1) // blocks
    stride = (width * per_plane + LINE_ELEMENTS - 1) // LINE_ELEMENTS * LINE_ELEMENTS
    if blocks * stride > scratch.size:
        raise ValueError("DFT convolution: the scratch array is too small for this many threads")
    return stride


@pjit
def _forward_dft(planes, rows, cols, row_m, col_m, column_start, planes_t, work, spec):
    """spec (2F, P) = spectra of the P planes of rows x cols pixels in `planes` (C-contiguous), zero-padded to H x W.

    Each thread transforms a block of n planes, in scratch regions of its own
    (`_scratch_stride`). The planes are first transposed into t (rows*cols, n),
    pixels major. Then along rows, one GEMM per pixel row i: w[(v, re/im), i, :] =
    row_m @ t[i's pixels]; then along columns, one GEMM per column v of
    frequencies: spec[(f, re/im), block] = col_m[f's rows] @ w[v] (rows
    (re/im, i)). The transpose pays: OpenBLAS ran the row GEMMs with the
    planes as a transposed operand 1.1-1.4x slower than transpose and plain
    GEMM together (seed CNN, 2 threads).
    """
    pf = planes.reshape(-1)
    sf = spec.reshape(-1)
    lf = col_m.reshape(-1)
    P = spec.shape[1]
    n_v = row_m.shape[0] // 2
    blocks = _column_blocks(P)
    t_stride = _scratch_stride(P, blocks, rows * cols, planes_t)
    w_stride = _scratch_stride(P, blocks, 2 * n_v * rows, work)
    for b in prange(blocks):
        p0, p1 = even_block(P, blocks, b)
        n = p1 - p0
        tf = planes_t.reshape(-1)[b * t_stride:]
        wf = work.reshape(-1)[b * w_stride:]
        transpose(pf[p0 * rows * cols:], n, rows * cols, tf, n)
        for i in range(rows):
            _blas.xgemm(False, False, 2 * n_v, n, cols, 1.0, row_m, cols, tf[i * cols * n:], n,
                        0.0, wf[i * n:], rows * n)
        for v in range(n_v):
            f0, f1 = column_start[v], column_start[v + 1]
            _blas.xgemm(False, False, 2 * (f1 - f0), n, 2 * rows, 1.0, lf[2 * f0 * 2 * rows:], 2 * rows,
                        wf[v * 2 * rows * n:], n, 0.0, sf[2 * f0 * P + p0:], P)


@pjit
def _inverse_dft(spec, icol_m, column_start, row_m, rows, cols, work, out, alpha, beta):
    """out (P planes of rows x cols, C-contiguous) = alpha * (rows x cols corner of spec's inverse) + beta * out.

    The adjoint order of `_forward_dft`, each thread on a block of n planes
    with a scratch region of its own: along columns, one GEMM per column v of
    frequencies, w[v] (rows (re/im, i)) = icol_m[:, v's columns] @ spec[v's rows, block];
    then to real rows, one GEMM per row i: row i of every plane = w[(v, re/im), i].T @ row_m.
    """
    sf = spec.reshape(-1)
    of = out.reshape(-1)
    mf = icol_m.reshape(-1)
    P = spec.shape[1]
    n_f2 = spec.shape[0]
    n_v = row_m.shape[0] // 2
    blocks = _column_blocks(P)
    w_stride = _scratch_stride(P, blocks, 2 * n_v * rows, work)
    for b in prange(blocks):
        p0, p1 = even_block(P, blocks, b)
        n = p1 - p0
        wf = work.reshape(-1)[b * w_stride:]
        for v in range(n_v):
            f0, f1 = column_start[v], column_start[v + 1]
            _blas.xgemm(False, False, 2 * rows, n, 2 * (f1 - f0), 1.0, mf[2 * f0:], n_f2,
                        sf[2 * f0 * P + p0:], P, 0.0, wf[v * 2 * rows * n:], n)
        for i in range(rows):
            _blas.xgemm(True, False, n, cols, 2 * n_v, alpha, wf[i * n:], rows * n, row_m, cols, beta,
                        of[(p0 * rows + i) * cols:], rows * cols)


@pjit
def _forward_products(xs, ws, ys):
    """ys[f] = (Yr, Yi) of conj(W^) X^ at each frequency, from one GEMM P = xs[f] @ ws[f].T per frequency.

    P (2N, 2O) holds the four real products (rows Xr, Xi; columns Wr, Wi):
    Yr = Xr.Wr + Xi.Wi, Yi = Xi.Wr - Xr.Wi. ws[f] is first transposed into
    scratch, so that the GEMM has no transposed operand and the combination
    reads and writes rows. Measured on the seed shape (2 threads): transpose
    11 us, GEMMs 31, combination 6; OpenBLAS took 180 us for the whole pass
    with ws[f] as a transposed operand instead. The backward products
    (`_frequency_products`) need no transpose: the weight spectrum's layout
    is theirs.
    """
    F, N2, C, O2 = xs.shape[0], xs.shape[1], xs.shape[2], ws.shape[1]
    N, O = N2 // 2, O2 // 2
    blocks = min(thread_count(), F)
    w_t = np.empty((blocks, C * O2), xs.dtype)
    prod = np.empty((blocks, N2 * O2), xs.dtype)
    yf = ys.reshape(-1)
    uN, uO, uO2 = _U(N), _U(O), _U(O2)
    for b in prange(blocks):
        wt = w_t[b]
        p = prod[b]
        f0, f1 = even_block(F, blocks, b)
        for f in range(f0, f1):
            transpose(ws[f].reshape(-1), O2, C, wt, O2)
            _blas.xgemm(False, False, N2, O2, C, 1.0, xs[f], C, wt, O2, 0.0, p, O2)
            yr = _U(f) * _U(2) * uN * uO
            yi = yr + uN * uO
            for n in range(uN):
                xr = n * uO2
                xi = (uN + n) * uO2
                for o in range(uO):
                    yf[yr + n * uO + o] = p[xr + o] + p[xi + uO + o]
                    yf[yi + n * uO + o] = p[xi + o] - p[xr + uO + o]


@pjit
def _frequency_products(a, trans_a, b, out):
    """out[f] = op(a[f]) @ b[f] at each frequency (op: transposed when `trans_a`), blocks of frequencies
    on numba's threads: the backward passes' products, gxs[f] = gys[f] @ ws[f] (GXr; GXi of W^ GY^)
    and gws[f] = gys[f].T @ xs[f] (GWr; GWi of conj(GY^) X^, summed over images)."""
    F, m, n = out.shape
    k, lda = b.shape[1], a.shape[2]
    blocks = min(thread_count(), F)
    for bl in prange(blocks):
        f0, f1 = even_block(F, blocks, bl)
        for f in range(f0, f1):
            _blas.xgemm(trans_a, False, m, n, k, 1.0, a[f], lda, b[f], n, 0.0, out[f], n)


@pjit
def _expand_grad_output(gyc, gys):
    """gys[f] = [[GYr, -GYi], [GYi, GYr]] from gyc's rows (f, re) and (f, im), each (N*O) = (N, O)."""
    F, N, O = gys.shape[0], gys.shape[1] // 2, gys.shape[2] // 2
    gf = gyc.reshape(-1)
    sf = gys.reshape(-1)
    uO = _U(O)
    for t in prange(F * N):
        f, n = t // N, t % N
        gr = _U((2 * f * N + n) * O)  # GYr[n] and GYi[n] of frequency f
        gi = gr + _U(N * O)
        top = _U(((f * 2 * N) + n) * 2 * O)  # row n and row N + n of gys[f]
        bottom = top + _U(N * 2 * O)
        for o in range(uO):
            sf[top + o] = gf[gr + o]
            sf[top + uO + o] = -gf[gi + o]
            sf[bottom + o] = gf[gi + o]
            sf[bottom + uO + o] = gf[gr + o]


@pjit
def _fill_bias(bias, out):
    """out[n, o, :, :] = bias[o] (C-contiguous out)."""
    n_img, n_out = out.shape[0], out.shape[1]
    plane = _U(out.shape[2] * out.shape[3])
    of = out.reshape(-1)
    for t in prange(n_img * n_out):
        b = bias[t % n_out]
        start = _U(t) * plane
        for p in range(start, start + plane):
            of[p] = b


def _check(spectra, name, array, shape):
    if array.shape != shape or array.dtype != spectra.xs.dtype or not array.flags.c_contiguous:
        raise ValueError(f"{name}: expected a C-contiguous {spectra.xs.dtype} array of shape {shape}, "
                         f"got {array.dtype} {array.shape}{'' if array.flags.c_contiguous else ' (not contiguous)'}")


def fft_conv_forward(x, weight, bias, spectra, out):
    """out = conv(x, weight) + bias; keeps the spectra of x and weight in `spectra` for the backward passes.

    x (N, C, H, W), weight (O, C, kH, kW), bias (O,), out (N, O, oH, oW): C-contiguous, the spectra's dtype.
    """
    N, C, O, H, W, kH, kW = spectra.shape
    F = spectra.xs.shape[0]
    s = spectra
    _check(s, "x", x, (N, C, H, W))
    _check(s, "weight", weight, (O, C, kH, kW))
    _check(s, "bias", bias, (O,))
    _check(s, "out", out, (N, O, H - kH + 1, W - kW + 1))
    single_threaded(_forward_dft, x, H, W, s.row_x, s.col_x, s.column_start, s.planes_t, s.work,
                              s.xs.reshape(2 * F, N * C))
    single_threaded(_forward_dft, weight, kH, kW, s.row_k, s.col_k, s.column_start, s.planes_t, s.work,
                              s.ws.reshape(2 * F, O * C))
    single_threaded(_forward_products, s.xs, s.ws, s.ys)
    _fill_bias(bias, out)
    single_threaded(_inverse_dft, s.ys.reshape(2 * F, N * O), s.icol_y, s.column_start, s.row_y,
                              H - kH + 1, W - kW + 1, s.work, out, 1.0, 1.0)


def fft_conv_grad_output_spectrum(grad_output, spectra):
    """The spectrum of grad_output (N, O, oH, oW) into `spectra`, for both backward passes."""
    N, C, O, H, W, kH, kW = spectra.shape
    s = spectra
    _check(s, "grad_output", grad_output, (N, O, H - kH + 1, W - kW + 1))
    single_threaded(_forward_dft, grad_output, H - kH + 1, W - kW + 1, s.row_y, s.col_y, s.column_start,
                              s.planes_t, s.work, s.gyc)
    _expand_grad_output(s.gyc, s.gys)


def fft_conv_grad_input(spectra, grad_input):
    """grad_input (N, C, H, W) from the weight spectrum of the forward pass and the grad-output spectrum."""
    N, C, O, H, W, kH, kW = spectra.shape
    F = spectra.xs.shape[0]
    s = spectra
    _check(s, "grad_input", grad_input, (N, C, H, W))
    single_threaded(_frequency_products, s.gys, False, s.ws, s.gxs)
    single_threaded(_inverse_dft, s.gxs.reshape(2 * F, N * C), s.icol_x, s.column_start, s.row_x,
                              H, W, s.work, grad_input, 1.0, 0.0)


def fft_conv_acc_grad_parameters(grad_output, spectra, grad_weight, grad_bias, scale):
    """grad_weight += scale * dL/dweight, grad_bias += scale * sums of grad_output per output plane.

    Uses the input spectrum of the forward pass and the grad-output spectrum
    (`fft_conv_grad_output_spectrum` of this grad_output).
    """
    N, C, O, H, W, kH, kW = spectra.shape
    F = spectra.xs.shape[0]
    s = spectra
    _check(s, "grad_output", grad_output, (N, O, H - kH + 1, W - kW + 1))
    _check(s, "grad_weight", grad_weight, (O, C, kH, kW))
    _check(s, "grad_bias", grad_bias, (O,))
    scale = grad_weight.dtype.type(scale)
    single_threaded(_frequency_products, s.gys, True, s.xs, s.gws)
    single_threaded(_inverse_dft, s.gws.reshape(2 * F, O * C), s.icol_k, s.column_start, s.row_k,
                              kH, kW, s.work, grad_weight, scale, 1.0)
    _acc_plane_sums(grad_output, grad_bias, scale)
