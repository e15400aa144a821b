"""GEMM for every kernel: row blocks of the output on numba's threads, each a single-threaded BLAS call.

One thread pool does all of nnlib's parallel work. OpenBLAS's own worker
threads busy-wait after every call; next to numba's workers, or on a
machine shared with other jobs, they take the cores the working threads need
(a seed-CNN step measured 10-40x slower with both pools at 2 threads). So
BLAS runs single-threaded, called from a numba `prange` over row blocks of
the output (`_blas.xgemm`): a split costs about as much as a numba kernel
launch, not a Python thread hand-off, so even the small products of an MLP
at batch 20 are split.
"""
import numba
import numpy as np
from . import _blas
from ._config import prange, serial_and_parallel

MIN_BLOCK_WORK = 1 << 17
"""Multiply-adds below which another row block costs more than it gains."""

TRANSPOSED_MAX_ROWS = 64
"""`dot_nt` computes x @ w.T as (w @ x.T).T up to this many rows of x (see `transposed_pays`)."""


def _gemm_rows(trans_a, a, trans_b, b, c, alpha, beta, n_blocks):
    """c = alpha * op(a) @ op(b) + beta * c, one gemm per block of c's rows (a, b, c C-contiguous)."""
    m, n = c.shape
    k = a.shape[0] if trans_a else a.shape[1]
    for i in prange(n_blocks):
        r0, r1 = m * i // n_blocks, m * (i + 1) // n_blocks
        a_rows = a[:, r0:] if trans_a else a[r0:, :]
        _blas.xgemm(trans_a, trans_b, r1 - r0, n, k, alpha, a_rows, a.shape[1], b, b.shape[1], beta, c[r0:], n)


_gemm_serial, _gemm_parallel = serial_and_parallel(_gemm_rows)


def _operand(x):
    """(transposed, C-contiguous array) such that op(array) == x."""
    if x.flags.c_contiguous:
        return False, x
    if x.flags.f_contiguous:
        return True, x.T
    return False, np.ascontiguousarray(x)


def _check(a, b, out):
    if out.ndim != 2 or not out.flags.c_contiguous:
        raise ValueError(f"gemm: out must be a C-contiguous matrix, got shape {out.shape}")
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[0] or out.shape != (a.shape[0], b.shape[1]):
        raise ValueError(f"gemm: shapes {a.shape} @ {b.shape} do not give out's {out.shape}")
    if not (a.dtype == b.dtype == out.dtype and out.dtype in (np.float32, np.float64)):
        raise ValueError(f"gemm: operands must share a float32 or float64 dtype, got {a.dtype}, {b.dtype}, {out.dtype}")


def row_blocks(m, n, k):
    """How many row blocks (threads) a product of an (m, k) and a (k, n) matrix is split into."""
    return max(1, min(numba.get_num_threads(), m, m * n * k // MIN_BLOCK_WORK))


def dot(a, b, out, alpha=1.0, beta=0.0):
    """out = alpha * a @ b + beta * out (out 2-D, C-contiguous; beta 0 ignores out's contents)."""
    _check(a, b, out)
    if out.size == 0:
        return
    if a.shape[1] == 0 or not _blas.AVAILABLE:
        _numpy_dot(a, b, out, alpha, beta)
        return
    trans_a, a_base = _operand(a)
    trans_b, b_base = _operand(b)
    blocks = row_blocks(out.shape[0], out.shape[1], a.shape[1])
    previous = _blas.get_threads()
    _blas.set_threads(1)
    try:
        kernel = _gemm_parallel if blocks > 1 else _gemm_serial
        kernel(trans_a, a_base, trans_b, b_base, out, float(alpha), float(beta), blocks)
    finally:
        _blas.set_threads(previous)


def _numpy_dot(a, b, out, alpha, beta):
    """`dot` through numpy, for a BLAS whose gemm symbols `_blas` does not know."""
    if beta == 0:
        np.dot(a, b, out=out)
        if alpha != 1:
            out *= alpha
    else:
        if beta != 1:
            out *= beta
        out += alpha * (a @ b)


def transposed_pays(rows, cols):
    """Whether x @ w.T, x (rows, k) and w (cols, k), is faster computed as (w @ x.T).T.

    OpenBLAS multiplies a few rows by a transposed matrix slowly: the second
    form measured 1.5-3x faster at 10-20 rows (784 -> 200, 200 -> 10000,
    1024 -> 4096) and slower from 128 rows on. Shapes alone decide, so
    results stay reproducible.
    """
    return rows <= TRANSPOSED_MAX_ROWS and cols >= 2 * rows


def nt_buffer(rows, cols, dtype):
    """Scratch for `dot_nt`: (cols, rows) when the transposed form pays, else (rows, cols)."""
    return np.empty((cols, rows) if transposed_pays(rows, cols) else (rows, cols), dtype=dtype)


def dot_nt(x, w, buffer):
    """x @ w.T into `buffer` (from `nt_buffer`); returns it as a (rows, cols) array or transposed view."""
    if transposed_pays(x.shape[0], w.shape[0]):
        dot(w, x.T, buffer)
        return buffer.T
    dot(x, w.T, buffer)
    return buffer
