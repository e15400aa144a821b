"""2-D convolution (NCHW) as im2col + BLAS GEMMs.

The columns of all images sit side by side, `cols` is (C*kH*kW, N*oH*oW).
Small output planes make one large GEMM per pass (`_gemm.dot`) over the
whole batch, with the gradients reordered to rows (O, N*oH*oW):

    forward       tmp   = W (O, C*kH*kW) @ cols            -> out (N, O, oH, oW) + bias
    grad input    gcols = W.T @ gy_rows (O, N*oH*oW)       -> col2im -> grad_input
    grad weight   gW   += (cols @ gy_rows.T).T ;  gb += sum of gy_rows over columns

Large planes (`per_image_pays`) make one GEMM per image instead, straight
from and into NCHW arrays: each image's (O, oH*oW) block of out or gy is
already a GEMM operand, so nothing is reordered, and the weight gradient
sums per-block partials in a fixed order (blocks of images by the batch size,
not the thread count: the bits do not depend on it).

Around the GEMMs, numba kernels reorder data in parallel: im2col over rows of
`cols`, col2im over (image, channel) planes (each plane summed by one thread,
so results never depend on thread timing), the NCHW <-> rows transposes over
(image, channel) or channel.
"""
import numpy as np

from . import _blas
from ._blas import single_threaded
from ._choices import choice
from ._config import MAX_BLOCKS, even_block, jit, jit_inline, pjit, prange, zero_of
from ._gemm import dot


def output_size(size, k, stride, pad):
    """Output length of a convolution along one axis (may be < 1 for bad shapes)."""
    return (size + 2 * pad - k) // stride + 1


@jit
def _valid_range(out_len, k_offset, stride, pad, in_len):
    """[lo, hi): the output positions o whose input position o*stride - pad + k_offset is inside [0, in_len)."""
    first = pad - k_offset
    lo = 0 if first <= 0 else (first + stride - 1) // stride
    last = in_len - 1 + pad - k_offset
    hi = 0 if last < 0 else min(out_len, last // stride + 1)
    return lo, max(lo, hi)


# The hot loops index flat arrays with uint64 offsets: numba then drops the
# negative-index wraparound check, which otherwise blocks vectorisation inside
# prange bodies (a 10x slowdown measured on these copies).
_U = np.uint64
# Stride-1 rows that span the whole output width are moved in runs of this many
# elements: a loop of fixed trip count vectorises, where a loop over a short row
# of unknown length (7 wide in the seed CNN's second layer) runs scalar.
_RUN = np.uint64(8)


@pjit
def im2col(x, kW, kH, dW, dH, padW, padH, oH, oW, cols):
    """cols[(c*kH + i)*kW + j, n*oH*oW + oh*oW + ow] = x[n, c, oh*dH - padH + i, ow*dW - padW + j] (0 outside).

    `x` and `cols` must be C-contiguous. Each thread fills whole rows of `cols`
    in increasing address order. Where a kernel offset's window never leaves
    the input sideways and dW == 1, every output row is copied in whole runs
    of 8, up to 7 elements past its end (the next writes cover them; an image
    whose runs would leave the row of `cols` or `x` is copied exactly): 5x
    faster than exact copies on the seed CNN's second layer. The loops are
    written out in full: calls to helper kernels inside them were measured
    4x slower.
    """
    n_img, n_ch, H, W = x.shape
    plane = _U(oH * oW)
    n_cols = _U(n_img) * plane
    xf = x.reshape(-1)
    cf = cols.reshape(-1)
    x_end = _U(xf.size)
    uoW = _U(oW)
    span = (uoW + _RUN - _U(1)) // _RUN * _RUN  # an output row rounded up to whole runs
    src_step = _U(dH * W)
    for r in prange(n_ch * kH * kW):
        c = r // (kH * kW)
        i = (r // kW) % kH
        j = r % kW
        h_lo, h_hi = _valid_range(oH, i, dH, padH, H)
        w_lo, w_hi = _valid_range(oW, j, dW, padW, W)
        row_start = _U(r) * n_cols
        # runs stay inside this row of cols, and only where the window never leaves the input sideways
        # (a bound, not a flag in the test below: measured 1.6x faster)
        run_end = row_start + n_cols if dW == 1 and w_lo == 0 and w_hi == oW else _U(0)
        last = _U(max(h_hi - h_lo - 1, 0))
        for n in range(n_img):
            dst = row_start + _U(n) * plane
            for p in range(dst, dst + _U(h_lo) * uoW):
                cf[p] = 0.0
            dst += _U(h_lo) * uoW
            # first valid input pixel of the first valid output row (>= 0 by _valid_range)
            src = _U(((n * n_ch + c) * H + h_lo * dH - padH + i) * W + w_lo * dW + j - padW)
            if dst + last * uoW + span <= run_end and src + last * src_step + span <= x_end:
                for oh in range(h_lo, h_hi):
                    k = _U(0)
                    while k < span:
                        for u in range(_RUN):
                            cf[dst + k + u] = xf[src + k + u]
                        k += _RUN
                    src += src_step
                    dst += uoW
            else:
                for oh in range(h_lo, h_hi):
                    for p in range(dst, dst + _U(w_lo)):
                        cf[p] = 0.0
                    d0 = dst + _U(w_lo)
                    for k in range(_U(w_hi - w_lo)):
                        cf[d0 + k] = xf[src + k * _U(dW)]
                    for p in range(dst + _U(w_hi), dst + uoW):
                        cf[p] = 0.0
                    src += src_step
                    dst += uoW
            for p in range(dst, row_start + _U(n + 1) * plane):
                cf[p] = 0.0


@pjit
def col2im(cols, kW, kH, dW, dH, padW, padH, oH, oW, grad_input):
    """The adjoint of im2col: sum each column entry back into its input pixel (C-contiguous arrays).

    Each thread owns whole planes of `grad_input`. Where a kernel offset's
    window never leaves the input sideways and dW == 1, each output row is
    added in whole runs of 8; lanes past the row's end select their old value,
    so the sums round exactly as element-wise adds (1.7x faster on the seed
    CNN's second layer). Offsets whose runs would leave the plane or `cols`
    are added exactly.
    """
    n_img, n_ch, H, W = grad_input.shape
    plane = _U(oH * oW)
    n_cols = _U(n_img) * plane
    cf = cols.reshape(-1)
    gf = grad_input.reshape(-1)
    cols_end = _U(cf.size)
    uoW = _U(oW)
    span = (uoW + _RUN - _U(1)) // _RUN * _RUN
    dst_step = _U(dH * W)
    # valid output ranges per kernel row / column, computed once outside the parallel loop
    h_range = np.empty((kH, 2), np.int64)
    w_range = np.empty((kW, 2), np.int64)
    for i in range(kH):
        h_range[i, 0], h_range[i, 1] = _valid_range(oH, i, dH, padH, H)
    for j in range(kW):
        w_range[j, 0], w_range[j, 1] = _valid_range(oW, j, dW, padW, W)
    for t in prange(n_img * n_ch):
        n = t // n_ch
        c = t % n_ch
        plane_start = _U(t * H * W)
        plane_end = plane_start + _U(H * W)
        for p in range(plane_start, plane_end):
            gf[p] = 0.0
        for i in range(kH):
            h_lo = h_range[i, 0]
            h_hi = h_range[i, 1]
            last = _U(max(h_hi - h_lo - 1, 0))
            for j in range(kW):
                w_lo = w_range[j, 0]
                w_hi = w_range[j, 1]
                r = (c * kH + i) * kW + j
                dst = _U((t * H + h_lo * dH - padH + i) * W + w_lo * dW + j - padW)
                src = _U(r) * n_cols + _U(n) * plane + _U(h_lo) * uoW + _U(w_lo)
                run_end = plane_end if dW == 1 and w_lo == 0 and w_hi == oW else _U(0)
                if dst + last * dst_step + span <= run_end and src + last * uoW + span <= cols_end:
                    for oh in range(h_lo, h_hi):
                        k = _U(0)
                        while k < span:
                            for u in range(_RUN):
                                g = gf[dst + k + u]
                                gf[dst + k + u] = g + cf[src + k + u] if k + u < uoW else g
                            k += _RUN
                        src += uoW
                        dst += dst_step
                else:
                    for oh in range(h_lo, h_hi):
                        for k in range(_U(w_hi - w_lo)):
                            gf[dst + k * _U(dW)] += cf[src + k]
                        src += uoW
                        dst += dst_step


@pjit
def rows_to_nchw(rows, bias, out):
    """out[n, o, :, :] = rows[o, n*P:(n+1)*P] + bias[o], P = oH*oW (C-contiguous arrays)."""
    n_img, n_out, oH, oW = out.shape
    plane = oH * oW
    n_cols = n_img * plane
    rf = rows.reshape(-1)
    of = out.reshape(-1)
    for t in prange(n_img * n_out):
        n = t // n_out
        o = t % n_out
        b = bias[o]
        s0 = _U(o * n_cols + n * plane)
        d0 = _U(t * plane)
        for p in range(_U(plane)):
            of[d0 + p] = rf[s0 + p] + b


@pjit
def nchw_to_rows(grad_output, rows):
    """rows[o, n*P + p] = grad_output[n, o] flattened: the transpose of rows_to_nchw."""
    n_img, n_out, oH, oW = grad_output.shape
    plane = oH * oW
    n_cols = n_img * plane
    gf = grad_output.reshape(-1)
    rf = rows.reshape(-1)
    for t in prange(n_img * n_out):
        n = t // n_out
        o = t % n_out
        s0 = _U(t * plane)
        d0 = _U(o * n_cols + n * plane)
        for p in range(_U(plane)):
            rf[d0 + p] = gf[s0 + p]


PER_IMAGE_MIN_PLANE = choice("spatial_convolution", "per_image_min_plane")
"""Output plane size (oH*oW) from which the GEMMs run image by image."""


def per_image_pays(plane):
    """Whether the GEMMs of a convolution with `plane` = oH*oW outputs per channel run image by image.

    Measured on the seed CNN at batch 10: per image, its first layer (24 x 24
    planes) ran its forward pass 1.4x and its weight gradient 1.9x faster than
    one batched GEMM plus the reordering; its second (7 x 7 planes) ran 1.2x
    slower. Needs a BLAS callable from kernels.
    """
    return _blas.AVAILABLE and plane >= PER_IMAGE_MIN_PLANE


@jit
def _per_image_geometry(images):
    """(N, C, oH*oW, blocks) of an NCHW array whose images are split into contiguous blocks, as many
    as `image_blocks` says, for numba's threads to share out."""
    n_img = images.shape[0]
    return n_img, images.shape[1], images.shape[2] * images.shape[3], image_blocks(n_img)


@jit
def image_blocks(n_img):
    """Blocks of images the per-image GEMMs are split into: up to MAX_BLOCKS, by the batch size alone.
    The weight gradient sums each block's images, then the blocks in order: a thread count deciding
    the blocks would decide the rounding."""
    return min(MAX_BLOCKS, n_img)


@pjit
def _forward_per_image(weight, cols, bias, out):
    """out[n] = bias + weight @ (image n's columns), blocks of images on numba's threads."""
    n_img, n_out, plane, blocks = _per_image_geometry(out)
    depth = weight.shape[1]
    for b in prange(blocks):
        first, last = even_block(n_img, blocks, b)
        for n in range(first, last):
            image_out = out[n].reshape(n_out, plane)
            for o in range(n_out):
                image_out[o, :] = bias[o]
            _blas.xgemm(False, False, n_out, plane, depth, 1.0, weight, depth, cols[:, n * plane:], cols.shape[1],
                        1.0, image_out, plane)


@pjit
def _grad_columns_per_image(weight, grad_output, gcols):
    """gcols[:, image n's columns] = weight.T @ grad_output[n] as (O, oH*oW), blocks of images on numba's threads."""
    n_img, n_out, plane, blocks = _per_image_geometry(grad_output)
    depth = weight.shape[1]
    for b in prange(blocks):
        first, last = even_block(n_img, blocks, b)
        for n in range(first, last):
            _blas.xgemm(True, False, depth, plane, n_out, 1.0, weight, depth, grad_output[n].reshape(n_out, plane),
                        plane, 0.0, gcols[:, n * plane:], gcols.shape[1])


@pjit
def _grad_weight_per_image(cols, grad_output, scale, partial_t):
    """partial_t[b] = scale * sum over block b's images n of (image n's columns) @ grad_output[n].T.

    One block of images per entry of `partial_t` (blocks, C*kH*kW, O), each on
    one thread; the caller adds the blocks in order.
    """
    n_img, n_out, plane, _ = _per_image_geometry(grad_output)
    blocks, depth = partial_t.shape[0], partial_t.shape[1]
    for b in prange(blocks):
        first, last = even_block(n_img, blocks, b)
        for n in range(first, last):
            _blas.xgemm(False, True, depth, n_out, plane, scale, cols[:, n * plane:], cols.shape[1],
                        grad_output[n].reshape(n_out, plane), plane, 0.0 if n == first else 1.0, partial_t[b], n_out)


@jit
def _add_transposed_blocks(blocks_t, dst):
    """dst[i, j] += blocks_t[b, j, i] for each block b in order."""
    for b in range(blocks_t.shape[0]):
        _add_transposed(blocks_t[b], dst)


@pjit
def _acc_plane_sums(grad_output, sums, scale):
    """sums[o] += scale * grad_output[:, o].sum(), each channel summed by one thread, image by image
    (C-contiguous grad_output; each plane one flat loop, which vectorises where 24-wide rows did not: 4x)."""
    n_img, n_out = grad_output.shape[0], grad_output.shape[1]
    plane = _U(grad_output.shape[2] * grad_output.shape[3])
    gf = grad_output.reshape(-1)
    for o in prange(n_out):
        total = zero_of(sums)
        for n in range(n_img):
            start = _U(n * n_out + o) * plane
            for p in range(start, start + plane):
                total += gf[p]
        sums[o] += scale * total


def spatial_convolution_update_output(x, weight, bias, kW, kH, dW, dH, padW, padH, cols, tmp, out):
    """out = conv(x, weight) + bias.

    `weight` is (O, C*kH*kW); `cols` (C*kH*kW, N*oH*oW) receives the columns of
    x (kept for acc_grad_parameters); `tmp` is the (O, N*oH*oW) output of one
    GEMM over the batch, or None for one GEMM per image (`per_image_pays`
    says which is faster); `out` is (N, O, oH, oW).
    """
    oH, oW = out.shape[2], out.shape[3]
    im2col(x, kW, kH, dW, dH, padW, padH, oH, oW, cols)
    if tmp is None:
        single_threaded(_forward_per_image, np.ascontiguousarray(weight), cols, bias, out)
    else:
        dot(weight, cols, tmp)
        rows_to_nchw(tmp, bias, out)


def grad_output_operand(grad_output, rows):
    """grad_output as the backward GEMMs take it: itself (C-contiguous; it must have the weights'
    dtype) when they run per image (`rows` None), else reordered into `rows` (O, N*oH*oW), which is
    returned."""
    if rows is None:
        return np.ascontiguousarray(grad_output)
    nchw_to_rows(np.ascontiguousarray(grad_output), rows)
    return rows


def spatial_convolution_update_grad_input(gy, weight, kW, kH, dW, dH, padW, padH, oH, oW, gcols, grad_input):
    """grad_input = col2im(weight.T @ gy); `gy` comes from `grad_output_operand`."""
    if gy.ndim == 4:
        single_threaded(_grad_columns_per_image, np.ascontiguousarray(weight), gy, gcols)
    else:
        dot(weight.T, gy, gcols)
    col2im(gcols, kW, kH, dW, dH, padW, padH, oH, oW, grad_input)


@jit_inline
def _add_transposed(src_t, dst):
    """dst[i, j] += src_t[j, i]."""
    rows, cols = dst.shape
    for j in range(cols):
        for i in range(rows):
            dst[i, j] += src_t[j, i]


def weight_gradient_scratch_shape(per_image, n_img, depth, n_out):
    """Shape of `acc_grad_parameters`' scratch, C*kH*kW = depth: one transposed partial sum per block of
    images when the GEMMs run per image, else one."""
    if per_image:
        return (image_blocks(n_img), depth, n_out)
    return (depth, n_out)


def spatial_convolution_acc_grad_parameters(cols, gy, grad_weight, grad_bias, scale, grad_weight_t):
    """grad_weight += scale * gy @ cols.T; grad_bias += scale * sums of gy per output channel.

    `cols` are the columns saved by the forward pass; `gy` comes from
    `grad_output_operand`; `grad_weight` is (O, C*kH*kW) and `grad_weight_t`
    scratch of `weight_gradient_scratch_shape`. The product is formed
    transposed, cols @ gy.T: OpenBLAS runs that shape (a long inner
    dimension against a transposed operand) about twice as fast.
    """
    scale = grad_bias.dtype.type(scale)
    if gy.ndim == 4:
        single_threaded(_grad_weight_per_image, cols, gy, scale, grad_weight_t)
        _add_transposed_blocks(grad_weight_t, grad_weight)
        _acc_plane_sums(gy, grad_bias, scale)
    else:
        dot(cols, gy.T, grad_weight_t, alpha=scale)
        _add_transposed(grad_weight_t, grad_weight)
        _acc_row_sums(gy, grad_bias, scale)


@pjit
def _acc_row_sums(rows, sums, scale):
    """sums[o] += scale * rows[o].sum(), each row summed by one thread (a fixed order)."""
    n_rows, n_cols = rows.shape
    for o in prange(n_rows):
        total = zero_of(sums)
        for p in range(n_cols):
            total += rows[o, p]
        sums[o] += scale * total
