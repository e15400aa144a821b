"""3-D convolution (NCDHW) with strides, zero padding and dilation, as vol2col + BLAS GEMMs, and its transpose.

One geometry serves every convolution that is not the seed CNN's plain 2-D
one: a 2-D image is a volume of depth 1 (kT = 1, dT = 1, padT = 0), so
SpatialDilatedConvolution, SpatialFullConvolution and the connection-table
convolutions run these kernels too. The columns of all volumes sit side by
side, `cols` is (C*kT*kH*kW, N*oT*oH*oW), and

    convolution   out   = W (O, C*k) @ cols + bias          (rows -> NCDHW by `spatial_convolution.rows_to_nchw`)
      grad input  gcols = W.T @ gy_rows ; col2vol -> grad_input
      grad weight gW   += (cols @ gy_rows.T).T ; gb += row sums of gy_rows

A full (transposed) convolution is the adjoint of a convolution: its forward
pass is a convolution's grad-input pass and its grad-input pass a
convolution's forward pass, with the weight (C_in, C_out*k):

    full forward     gcols = W.T @ x_rows ; col2vol -> out ; out += bias
      grad input     cols = vol2col(gy) ; gx = rows_to_nchw(W @ cols)
      grad weight    gW  += (cols @ x_rows.T).T ; gb += plane sums of gy

vol2col runs in parallel over rows of `cols`, col2vol over (volume, channel)
planes of its output (each summed by one thread in a fixed order), so results
never depend on thread timing. Geometry tuples are (T, H, W) ordered.

A batch whose volumes have enough GEMM columns each (`per_volume_pays`) runs
volume by volume instead, the same products per volume with `cols` laid out
(N, C*k, P): each volume's columns are built, multiplied and scattered while
in cache, and the GEMMs read and write the NCDHW arrays in place. The
grad-input pass takes each volume in blocks of output rows whose columns fit
`COLUMN_BLOCK_ENTRIES` (a 16 x 16 x 8 volume's 216 rows of columns are 1.7 MB,
more than a core's L2 cache): each block is multiplied and scattered before
the next.
"""
import math

import numpy as np

from . import _blas
from . import spatial_convolution as K
from ._blas import single_threaded
from ._choices import choice
from ._config import even_block, jit_inline, pjit, prange
from ._gemm import dot

_U = K._U


def output_size(size, k, stride, pad, dilation=1):
    """Output length of a (dilated) convolution along one axis (may be < 1 for bad shapes)."""
    return (size + 2 * pad - dilation * (k - 1) - 1) // stride + 1


def full_output_size(size, k, stride, pad, dilation=1, adj=0):
    """Output length of a full (transposed) convolution along one axis."""
    return (size - 1) * stride - 2 * pad + dilation * (k - 1) + 1 + adj


@jit_inline
def _tap_window(size, off, d, pad, dil, o):
    """Where tap `off` = (a, i, j) of the kernel reads: for each axis T, H, W in turn, the output
    positions [lo, hi) whose voxel is inside the (T, H, W) = `size` volume and the shift s such that
    output position q reads voxel q*stride + s (one flat tuple: numba's parfor analysis fails on
    nested ones)."""
    T, H, W = size
    a, i, j = off
    dT, dH, dW = d
    sT, sH, sW = a * dil[0] - pad[0], i * dil[1] - pad[1], j * dil[2] - pad[2]
    oT, oH, oW = o
    t_lo, t_hi = K._valid_range(oT, a * dil[0], dT, pad[0], T)
    h_lo, h_hi = K._valid_range(oH, i * dil[1], dH, pad[1], H)
    w_lo, w_hi = K._valid_range(oW, j * dil[2], dW, pad[2], W)
    return t_lo, t_hi, sT, h_lo, h_hi, sH, w_lo, w_hi, sW


@jit_inline
def _slice_rows(ot, oH, rows, h_lo, h_hi):
    """Output rows of depth slice `ot` in the block `rows` = (g0, g1) of rows g = ot*oH + oh:
    (r_lo, lo, hi, r_hi) with [r_lo, r_hi) the block's rows of the slice and [lo, hi) those inside
    the tap's valid [h_lo, h_hi)."""
    r_lo = max(rows[0] - ot * oH, 0)
    r_hi = min(rows[1] - ot * oH, oH)
    lo = min(max(h_lo, r_lo), r_hi)
    return r_lo, lo, max(lo, min(h_hi, r_hi)), r_hi


@jit_inline
def _zero_edge(cf, start, stop):
    """cf[start:stop] = 0 for the few entries of a row's edge: up to 4 as single stores, as a zeroing
    loop compiles to a call of memset, which for the 1 or 2 entries of a padded edge cost more than
    the row's copy (8% of a 3x3x3 convolution's step went to memset)."""
    count = stop - start
    if count > 4:
        for p in range(start, stop):
            cf[p] = 0.0
        return
    if count > 0:
        cf[start] = 0.0
    if count > 1:
        cf[start + 1] = 0.0
    if count > 2:
        cf[start + 2] = 0.0
    if count > 3:
        cf[start + 3] = 0.0


@jit_inline
def _volume_columns(xf, x0, size, off, d, pad, dil, o, cf, c0):
    """cf[c0 + (ot*oH + oh)*oW + ow] = the voxel that output (ot, oh, ow) sees through kernel tap
    `off` = (a, i, j), in the (T, H, W) = `size` volume at xf[x0:] (0 outside): one row of one
    volume's columns. Flat uint64 offsets, so the stride-1 copies vectorise (see `K._U`); where
    the voxels of consecutive output rows are one run of memory, as the rows are in cf, each
    depth slice is one copy, the columns outside set to 0 after (rows of 16 copied one by one
    cost more in loop overhead than in copying)."""
    H, W = size[1], size[2]
    dT, dH, dW = d
    oT, oH, oW = o
    t_lo, t_hi, sT, h_lo, h_hi, sH, w_lo, w_hi, sW = _tap_window(size, off, d, pad, dil, o)
    uoW, u_lo, u_hi, udW = _U(oW), _U(w_lo), _U(w_hi), _U(dW)
    linear = dW == 1 and dH * W == oW and w_hi > w_lo
    dst = _U(c0)
    for p in range(dst, dst + _U(t_lo * oH * oW)):
        cf[p] = 0.0
    dst += _U(t_lo * oH * oW)
    for ot in range(t_lo, t_hi):
        for p in range(dst, dst + _U(h_lo) * uoW):
            cf[p] = 0.0
        dst += _U(h_lo) * uoW
        src = _U(x0 + ((ot * dT + sT) * H + h_lo * dH + sH) * W + w_lo * dW + sW)
        if linear and h_hi > h_lo:
            for q in range(_U(h_hi - h_lo - 1) * uoW + u_hi - u_lo):
                cf[dst + u_lo + q] = xf[src + q]
            for oh in range(h_lo, h_hi):
                _zero_edge(cf, dst, dst + u_lo)
                _zero_edge(cf, dst + u_hi, dst + uoW)
                dst += uoW
        else:
            for oh in range(h_lo, h_hi):
                _zero_edge(cf, dst, dst + u_lo)
                d0 = dst + u_lo
                if dW == 1:
                    for q in range(u_hi - u_lo):
                        cf[d0 + q] = xf[src + q]
                else:
                    for q in range(u_hi - u_lo):
                        cf[d0 + q] = xf[src + q * udW]
                _zero_edge(cf, dst + u_hi, dst + uoW)
                dst += uoW
                src += _U(dH * W)
        for p in range(dst, dst + _U(oH - h_hi) * uoW):
            cf[p] = 0.0
        dst += _U(oH - h_hi) * uoW
    for p in range(dst, _U(c0 + oT * oH * oW)):
        cf[p] = 0.0


@jit_inline
def _add_volume_columns(cf, c0, gf, g0, size, off, d, pad, dil, o, rows):
    """The adjoint of `_volume_columns`: gf[g0 + voxel] += cf[c0 + position] for each output position
    of the block `rows` whose tap `off` is inside the volume, positions in increasing order. Where
    the voxels of consecutive rows are one run of memory, the entries of cf whose tap falls outside
    are set to 0 (as vol2col makes them) and added too: one long loop instead of one per row; a
    voxel then gains + 0.0, which changes nothing but the sign of a -0.0."""
    H, W = size[1], size[2]
    dT, dH, dW = d
    oH, oW = o[1], o[2]
    t_lo, t_hi, sT, h_lo, h_hi, sH, w_lo, w_hi, sW = _tap_window(size, off, d, pad, dil, o)
    width, udW, uoW = _U(w_hi - w_lo), _U(dW), _U(oW)
    linear = dW == 1 and dH * W == oW and w_hi > w_lo
    for ot in range(max(t_lo, rows[0] // oH), min(t_hi, (rows[1] + oH - 1) // oH)):
        r_lo, lo, hi, r_hi = _slice_rows(ot, oH, rows, h_lo, h_hi)
        src = _U(c0 + (ot * oH + lo - rows[0]) * oW + w_lo)
        dst = _U(g0 + ((ot * dT + sT) * H + lo * dH + sH) * W + w_lo * dW + sW)
        if linear and hi > lo:
            # the entries outside set to 0, then one sum from the first voxel inside to the last
            row = src - _U(w_lo)
            for oh in range(lo, hi):
                _zero_edge(cf, row, row + _U(w_lo))
                _zero_edge(cf, row + _U(w_hi), row + uoW)
                row += uoW
            for q in range(_U(hi - lo - 1) * uoW + width):
                gf[dst + q] += cf[src + q]
            continue
        for oh in range(lo, hi):
            if dW == 1:
                for q in range(width):
                    gf[dst + q] += cf[src + q]
            else:
                for q in range(width):
                    gf[dst + q * udW] += cf[src + q]
            src += uoW
            dst += _U(dH * W)


@jit_inline
def _block_rows(q, per_block, o):
    """Output rows (g0, g1) of block q of `per_block` rows (g = ot*oH + oh; the last block may be shorter)."""
    return q * per_block, min((q + 1) * per_block, o[0] * o[1])


@jit_inline
def _column_steps(cols, n_img, plane):
    """(row step, volume step) of `cols` in elements: (C*k, N*P) batched or (N, C*k, P) per volume."""
    if cols.ndim == 2:
        return n_img * plane, plane
    return plane, cols.shape[1] * plane


@pjit
def vol2col(x, k, d, pad, dil, o, cols):
    """cols[(c*kT + a)*kH + i)*kW + j, n*P + (ot*oH + oh)*oW + ow] =
    x[n, c, ot*dT - padT + a*dilT, oh*dH - padH + i*dilH, ow*dW - padW + j*dilW] (0 outside), P = oT*oH*oW;
    `cols` (C*k, N*P), or (N, C*k, P) with row (c, a, i, j) of volume n at cols[n, row].

    `x` (N, C, T, H, W) and `cols` C-contiguous; k, d, pad, dil, o are (T, H, W) tuples.
    Each thread fills whole rows of `cols`.
    """
    n_img, n_ch, T, H, W = x.shape
    kT, kH, kW = k
    oT, oH, oW = o
    plane = oT * oH * oW
    row_step, image_step = _column_steps(cols, n_img, plane)
    xf, cf = x.reshape(-1), cols.reshape(-1)
    for r in prange(n_ch * kT * kH * kW):
        c = r // (kT * kH * kW)
        off = ((r // (kH * kW)) % kT, (r // kW) % kH, r % kW)
        for n in range(n_img):
            _volume_columns(xf, (n * n_ch + c) * T * H * W, (T, H, W), off, d, pad, dil, o, cf,
                            r * row_step + n * image_step)


@pjit
def col2vol(cols, k, d, pad, dil, o, grad_input):
    """The adjoint of vol2col (either layout of `cols`): sum each column entry back into its input voxel.

    Each (volume, channel) plane of `grad_input` (N, C, T, H, W) is owned by
    one thread and summed in a fixed order: kernel taps, then positions.
    """
    n_img, n_ch, T, H, W = grad_input.shape
    oT, oH, oW = o
    plane = oT * oH * oW
    row_step, image_step = _column_steps(cols, n_img, plane)
    cf, gf = cols.reshape(-1), grad_input.reshape(-1)
    for t in prange(n_img * n_ch):
        for p in range(_U(t * T * H * W), _U((t + 1) * T * H * W)):
            gf[p] = 0.0
        _col2vol_plane(cf, t // n_ch * image_step, row_step, t % n_ch, gf, t * T * H * W, (T, H, W), k, d, pad, dil,
                       o, (0, oT * oH))


@jit_inline
def _col2vol_plane(cf, c0, row_step, c, gf, g0, size, k, d, pad, dil, o, rows):
    """gf[g0:] += channel c's plane of one volume from the columns of the output rows `rows` = (g0, g1)
    at cf[c0:] (rows of the columns row_step apart), kernel taps in order."""
    kT, kH, kW = k
    for a in range(kT):
        for i in range(kH):
            for j in range(kW):
                r = ((c * kT + a) * kH + i) * kW + j
                _add_volume_columns(cf, c0 + r * row_step, gf, g0, size, (a, i, j), d, pad, dil, o, rows)


PER_VOLUME_MIN_PLANE = choice("volumetric_convolution", "per_volume_min_plane")
"""Positions per volume (the GEMMs' columns) from which a batch runs volume by volume (see `_choices`)."""

COLUMN_BLOCK_ENTRIES = choice("volumetric_convolution", "column_block_entries")
"""Most column entries (rows x positions) of one block of a volume's output rows in the per-volume
grad-input pass (see `_choices`)."""


def per_volume_pays(n_img, plane):
    """Whether the passes over a batch of `n_img` volumes with `plane` GEMM columns each run volume by volume.

    Then each volume's columns are built, multiplied and scattered while they
    are in cache, the GEMMs read and write NCDHW arrays in place, and blocks
    of volumes (by the batch size alone) share out numba's threads. One
    volume runs batched, where the GEMM itself is split across threads.
    Needs a BLAS callable from kernels.
    """
    return _blas.AVAILABLE and n_img > 1 and plane >= PER_VOLUME_MIN_PLANE


def columns_shape(n_img, depth, plane):
    """Shape of the columns of `n_img` volumes: (N, depth, P) per volume (`per_volume_pays`), else (depth, N*P)."""
    return (n_img, depth, plane) if per_volume_pays(n_img, plane) else (depth, n_img * plane)


def _row_blocks(depth, o):
    """(blocks, rows per block) of a volume's output rows (ot, oh) in the per-volume grad-input pass:
    as few blocks as keep each block's columns within `COLUMN_BLOCK_ENTRIES` entries (at least one
    row each), their rows as even as they come (the last block may have fewer)."""
    rows = o[0] * o[1]
    per_block = -(-rows // -(-rows // max(1, COLUMN_BLOCK_ENTRIES // (depth * o[2]))))
    return -(-rows // per_block), per_block


def grad_columns_shape(cols_shape, o):
    """Shape of the grad-input pass's column scratch for columns of `cols_shape` over the output
    geometry `o`: per volume, the columns of one block of output rows (`_row_blocks`) per block of
    volumes, else the whole batch's."""
    if len(cols_shape) == 3:
        depth = cols_shape[1]
        return K.image_blocks(cols_shape[0]), depth, _row_blocks(depth, o)[1] * o[2]
    return tuple(cols_shape)


@pjit
def _forward_per_volume(x, weight, bias, k, d, pad, dil, o, cols, out):
    """out[n] = bias + weight @ vol2col(x[n]) for `out` (N, O, P), the columns kept in `cols` (N, C*k, P);
    blocks of volumes on numba's threads."""
    n_img, n_ch, T, H, W = x.shape
    kT, kH, kW = k
    n_out, plane = out.shape[1], out.shape[2]
    depth = cols.shape[1]
    blocks = K.image_blocks(n_img)
    xf, cf = x.reshape(-1), cols.reshape(-1)
    for b in prange(blocks):
        first, last = even_block(n_img, blocks, b)
        for n in range(first, last):
            for r in range(depth):
                c = r // (kT * kH * kW)
                off = ((r // (kH * kW)) % kT, (r // kW) % kH, r % kW)
                _volume_columns(xf, (n * n_ch + c) * T * H * W, (T, H, W), off, d, pad, dil, o, cf,
                                (n * depth + r) * plane)
            image_out = out[n]
            for q in range(n_out):
                image_out[q, :] = bias[q]
            _blas.xgemm(False, False, n_out, plane, depth, 1.0, weight, depth, cols[n], plane, 1.0, image_out, plane)


@pjit
def _grad_input_per_volume(weight, gy, k, d, pad, dil, o, row_blocks, gcols, grad_input):
    """grad_input[n] = col2vol(weight.T @ gy[n]) for `gy` (N, O, P), each volume by the blocks of output
    rows `row_blocks` = (blocks, rows per block) of `_row_blocks`, through one block's columns per block
    of volumes (`gcols` of `grad_columns_shape`): a block's columns are scattered while in cache.
    Blocks of volumes on numba's threads."""
    n_img, n_ch, T, H, W = grad_input.shape
    n_out, plane = gy.shape[1], gy.shape[2]
    blocks, depth, width = gcols.shape
    n_blocks, per_block = row_blocks
    gf = grad_input.reshape(-1)
    for b in prange(blocks):
        first, last = even_block(n_img, blocks, b)
        scratch = gcols[b]
        sf = scratch.reshape(-1)
        for n in range(first, last):
            for p in range(_U(n * n_ch * T * H * W), _U((n + 1) * n_ch * T * H * W)):
                gf[p] = 0.0
            for q in range(n_blocks):
                rows = _block_rows(q, per_block, o)
                p0, count = rows[0] * o[2], (rows[1] - rows[0]) * o[2]
                _blas.xgemm(True, False, depth, count, n_out, 1.0, weight, depth, gy[n, :, p0:], plane, 0.0, scratch,
                            width)
                for c in range(n_ch):
                    _col2vol_plane(sf, 0, width, c, gf, (n * n_ch + c) * T * H * W, (T, H, W), k, d, pad, dil, o,
                                   rows)


@pjit
def _grad_weight_per_volume(cols, gy, scale, partial_t):
    """partial_t[b] = scale * the sum over block b's volumes n of cols[n] @ gy[n].T, `cols` (N, C*k, P),
    `gy` (N, O, P), `partial_t` (blocks, C*k, O); each block on one thread, the caller adds them in order."""
    n_img, depth, plane = cols.shape
    n_out = gy.shape[1]
    blocks = partial_t.shape[0]
    for b in prange(blocks):
        first, last = even_block(n_img, blocks, b)
        for n in range(first, last):
            _blas.xgemm(False, True, depth, n_out, plane, scale, cols[n], plane, gy[n], plane,
                        0.0 if n == first else 1.0, partial_t[b], n_out)


@pjit
def _add_plane_bias(out, bias):
    """out[n, o] += bias[o] for an (N, O, P) C-contiguous array, parallel over (image, channel)."""
    n_img, n_out, plane = out.shape
    for t in prange(n_img * n_out):
        n = t // n_out
        o = t % n_out
        b = bias[o]
        for p in range(plane):
            out[n, o, p] += b


def _planes(a):
    """An (N, C, T, H, W) C-contiguous array as the (N, C, T*H*W, 1) view the row transposes take."""
    return a.reshape(a.shape[0], a.shape[1], -1, 1)


def _out_geometry(a):
    return a.shape[2], a.shape[3], a.shape[4]


def volumetric_convolution_update_output(x, weight, bias, k, d, pad, dil, cols, tmp, out):
    """out = conv(x, weight) + bias.

    `x` (N, C, T, H, W) C-contiguous; `weight` (O, C*kT*kH*kW); `cols` of
    `columns_shape` receives x's columns (kept for acc_grad_parameters);
    `tmp` (O, N*P) scratch, unused (None) per volume; `out` (N, O, oT, oH, oW), P = oT*oH*oW.
    """
    o = _out_geometry(out)
    if cols.ndim == 3:
        single_threaded(_forward_per_volume, x, np.ascontiguousarray(weight), bias, k, d, pad, dil, o, cols,
                        _flat(out))
    else:
        vol2col(x, k, d, pad, dil, o, cols)
        dot(weight, cols, tmp)
        K.rows_to_nchw(tmp, bias, _planes(out))


def _flat(a):
    """An (N, C, T, H, W) C-contiguous array as an (N, C, T*H*W) view."""
    return a.reshape(a.shape[0], a.shape[1], -1)


def grad_output_operand(grad_output, rows):
    """grad_output (N, O, oT, oH, oW) as the backward passes take it: (N, O, P) per volume
    (`per_volume_pays`; `rows` unused, may be None), else reordered into `rows` (O, N*P), which is returned."""
    gy = np.ascontiguousarray(grad_output)
    if per_volume_pays(gy.shape[0], gy[0, 0].size):
        return _flat(gy)
    K.nchw_to_rows(_planes(gy), rows)
    return rows


def volumetric_convolution_update_grad_input(gy, weight, k, d, pad, dil, o, gcols, grad_input):
    """grad_input = col2vol(weight.T @ gy); `gy` from `grad_output_operand`, `o` the output (oT, oH, oW),
    `gcols` scratch of `grad_columns_shape`."""
    if gy.ndim == 3:
        single_threaded(_grad_input_per_volume, np.ascontiguousarray(weight), gy, k, d, pad, dil, o,
                        _row_blocks(weight.shape[1], o), gcols, grad_input)
    else:
        dot(weight.T, gy, gcols)
        col2vol(gcols, k, d, pad, dil, o, grad_input)


def weight_gradient_scratch_shape(gy, depth):
    """Shape of acc_grad_parameters' scratch for a `gy` from `grad_output_operand` (or a full
    convolution's `input_operand`) and `depth` = rows of the columns: one transposed partial sum
    per block of volumes when per volume."""
    if gy.ndim == 3:
        return (K.image_blocks(gy.shape[0]), depth, gy.shape[1])
    return (depth, gy.shape[0])


def _acc_weight(cols, gy, grad_weight, scale, grad_weight_t):
    """grad_weight += scale * (cols @ gy.T).T, per volume (3-D operands, `grad_weight_t` of
    `weight_gradient_scratch_shape`) or batched."""
    if gy.ndim == 3:
        single_threaded(_grad_weight_per_volume, cols, gy, grad_weight_t.dtype.type(scale), grad_weight_t)
        K._add_transposed_blocks(grad_weight_t, grad_weight)
    else:
        dot(cols, gy.T, grad_weight_t, alpha=scale)
        K._add_transposed(grad_weight_t, grad_weight)


def volumetric_convolution_acc_grad_parameters(cols, gy, grad_weight, grad_bias, scale, grad_weight_t):
    """grad_weight (O, C*k) += scale * gy @ cols.T (formed transposed in `grad_weight_t` of
    `weight_gradient_scratch_shape`); grad_bias += scale * sums of gy per output plane (None: no bias).
    `gy` from `grad_output_operand`, `cols` the forward pass's."""
    _acc_weight(cols, gy, grad_weight, scale, grad_weight_t)
    if grad_bias is not None:
        if gy.ndim == 3:
            K._acc_plane_sums(gy.reshape(gy.shape + (1,)), grad_bias, grad_bias.dtype.type(scale))
        else:
            K._acc_row_sums(gy, grad_bias, grad_bias.dtype.type(scale))


def input_operand(x, rows):
    """x (N, C, T, H, W) as a full convolution's passes take it, in `rows`, which is returned: a copy
    (N, C, P) per volume (`per_volume_pays`), else reordered into (C, N*P), P = T*H*W."""
    x = np.ascontiguousarray(x)
    if rows.ndim == 3:
        np.copyto(rows, _flat(x))
    else:
        K.nchw_to_rows(_planes(x), rows)
    return rows


def input_operand_shape(x_shape):
    """The shape of `input_operand`'s `rows` for an input of `x_shape`."""
    n, c, plane = x_shape[0], x_shape[1], math.prod(x_shape[2:])
    return (n, c, plane) if per_volume_pays(n, plane) else (c, n * plane)


def volumetric_full_convolution_update_output(x_op, weight, bias, k, d, pad, dil, in_geometry, gcols, out):
    """out = the transpose of a convolution applied to x, + bias.

    `x_op` from `input_operand`, P_in = iT*iH*iW with `in_geometry` =
    (iT, iH, iW); `weight` (C_in, C_out*kT*kH*kW); `gcols` scratch of
    `grad_columns_shape(columns_shape(N, C_out*k, P_in), in_geometry)`; `out` (N, C_out, T, H, W), the
    size whose convolution with these settings has (iT, iH, iW) positions.
    """
    volumetric_convolution_update_grad_input(x_op, weight, k, d, pad, dil, in_geometry, gcols, out)
    if bias is not None:
        _add_plane_bias(_flat(out), bias)


def volumetric_full_convolution_update_grad_input(gy, weight, k, d, pad, dil, cols, tmp, zero_bias, grad_input):
    """grad_input = weight @ vol2col(gy); `cols` of `columns_shape(N, C_out*k, P_in)` receives gy's
    columns (reusable by acc_grad_parameters), `tmp` (C_in, N*P_in) scratch (None per volume),
    `zero_bias` (C_in,) zeros, `grad_input` (N, C_in, iT, iH, iW)."""
    volumetric_convolution_update_output(np.ascontiguousarray(gy), weight, zero_bias, k, d, pad, dil, cols, tmp,
                                         grad_input)


def volumetric_full_convolution_acc_grad_parameters(x_op, gy_cols, gy, grad_weight, grad_bias, scale,
                                                    grad_weight_t):
    """grad_weight (C_in, C_out*k) += scale * x @ gy_cols.T (formed transposed in `grad_weight_t` of
    `weight_gradient_scratch_shape(x_op, C_out*k)`); grad_bias += scale * sums of gy (N, C_out, T, H, W)
    per channel (None: no bias). `x_op` from `input_operand`."""
    _acc_weight(gy_cols, x_op, grad_weight, scale, grad_weight_t)
    if grad_bias is not None:
        K._acc_plane_sums(_planes(np.ascontiguousarray(gy)), grad_bias, grad_bias.dtype.type(scale))
