"""GEMM for every kernel: blocks of the output on numba's threads, each a single-threaded BLAS call.

One thread pool does all of nnlib's parallel work. OpenBLAS's own worker
threads busy-wait after every call; next to numba's workers, or on a
machine shared with other jobs, they take the cores the working threads need
(a seed-CNN step measured 10-40x slower with both pools at 2 threads). So
BLAS runs single-threaded, called from a numba `prange` over blocks of the
output's rows, or of its columns when it is wider than tall (`_blas.xgemm`):
a split costs about as much as a numba kernel launch, not a Python thread
hand-off, so even the small products of an MLP at batch 20 are split.

`gemm` is the kernel, callable from other kernels (each of `Linear`'s
passes is one call around it) and, through `_blas.single_threaded`, from
Python; `dot` is its Python face, which checks the operands and names what
does not fit. The whole call runs in compiled code: a small product costs
about a microsecond more than BLAS itself.
"""
import numpy as np
from numba.extending import overload

from . import _blas
from ._choices import choice
from ._config import MAX_BLOCKS, c_function, even_block, jit, jit_inline, prange
from ._memory import LINE_ELEMENTS

MIN_BLOCK_WORK = choice("gemm", "min_block_work")
"""Multiply-adds below which another output block costs more than it gains."""

COLUMN_SPLIT_MAX_ROWS = choice("gemm", "column_split_max_rows")
"""Outputs with more columns than rows are split by columns below this many rows, by rows from it."""

COLUMN_SPLIT_MIN_B = choice("gemm", "column_split_min_b")
"""Elements of `b` above which a wider than tall output splits by columns whatever its rows."""

MIN_SPLIT_DEPTH = choice("gemm", "min_split_depth")
"""Inner dimension from which a product with a smaller output is split along it instead of into output blocks."""

MAX_OUTPUT_BLOCKS = choice("gemm", "max_output_blocks")
"""The most blocks of rows or columns one product's output is split into."""

MIN_BLOCK_ROWS = choice("gemm", "min_block_rows")
"""Rows a block of a product above SMALL_PRODUCT keeps at least, when split by rows."""

SMALL_PRODUCT = choice("gemm", "small_product")
"""Multiply-adds up to which a product may split into row blocks of any height."""

TRANSPOSED_MAX_ROWS = choice("gemm", "transposed_max_rows")
"""`dot_nt` computes x @ w.T as (w @ x.T).T up to this many rows of x (see `transposed_pays`)."""


@jit_inline
def _c_order(x):
    """Whether the matrix x is laid out row-major (numpy's C-contiguity: axes of length 1 may have any stride).

    `&` and `|`, not `and` and `or`: inlined, short-circuit branches made numba warn about its own IR."""
    item = x.itemsize
    return ((x.shape[0] <= 1) | (x.strides[0] == x.shape[1] * item)) & ((x.shape[1] <= 1) | (x.strides[1] == item))


def _block_count(m, n, k, min_block_work):
    """Output blocks for an (m, k) @ (k, n) product: a power of two up to MAX_OUTPUT_BLOCKS (so 1, 2 or 4
    threads share them evenly), each at least `min_block_work` multiply-adds; above SMALL_PRODUCT,
    row blocks keep at least MIN_BLOCK_ROWS rows (each row block packs all of b again). The shapes
    alone decide, never the thread count."""
    limit = min(MAX_OUTPUT_BLOCKS, max(m, n), m * n * k // min_block_work)
    if m * n * k > SMALL_PRODUCT and not splits_by_columns(m, n, k):
        limit = min(limit, m // MIN_BLOCK_ROWS)
    blocks = 1
    while 2 * blocks <= limit:
        blocks *= 2
    return blocks


_block_count_jit = jit_inline(_block_count)


def _depth_block_count(m, n, k, min_block_work):
    """Blocks along the inner dimension: more than one only for an output smaller than a long inner
    dimension; up to MAX_BLOCKS, decided by the shapes alone."""
    if k < MIN_SPLIT_DEPTH or m * n > k:
        return 1
    return max(1, min(MAX_BLOCKS, k // (MIN_SPLIT_DEPTH // 2), m * n * k // min_block_work))


_depth_block_count_jit = jit_inline(_depth_block_count)


def _gemm_operand(x):
    """(transposed, row-major array) such that op(array) == x (numba only)."""
    raise NotImplementedError("_gemm_operand is callable from numba kernels only")


@overload(_gemm_operand, inline="always")
def _gemm_operand_impl(x):
    if x.layout == "C":
        return lambda x: (False, x)
    if x.layout == "F":
        return lambda x: (True, x.T)

    def any_layout(x):
        if _c_order(x):
            return False, x
        if _c_order(x.T):
            return True, x.T
        return False, np.ascontiguousarray(x)
    return any_layout


_ROWS, _COLUMNS, _DEPTH = 0, 1, 2


@jit_inline
def gemm(a, b, out, alpha, beta, min_block_work):
    """out = alpha * a @ b + beta * out (beta 0 ignores out's contents).

    All three are matrices of one float dtype (callers check; `dot` does);
    shapes that do not fit raise ValueError. `out` is row-major; `a` and `b` are row- or column-major (else copied).
    `out` is split into blocks (`_block_count`: 1, 2 or 4, each at least `min_block_work`
    multiply-adds), which numba's threads share out: blocks of rows, or of columns when it has
    more columns than rows and fewer than COLUMN_SPLIT_MAX_ROWS rows or a `b` larger than
    COLUMN_SPLIT_MIN_B (`splits_by_columns`: each block packs its part of `b` and all of `a`, each
    row block all of `b`). Other outputs split by rows keep each thread's block one run of memory:
    the MLP's 200 x 784 weight gradient so, its training step at batch 20 took
    0.93x the time. An output smaller than a
    long inner dimension (a first convolution's weight gradient over a
    batch, 25 x 32 from 5760 columns) is split along the inner dimension
    instead, the partial products added in a fixed order: OpenBLAS ran that
    shape 3x slower split by rows. Splits depend on the shapes only, never
    on the thread count (OpenBLAS may round a block differently from the
    whole, and partial sums along k certainly do), so results repeat bit for
    bit at any thread count.

    Inlined into each caller, it only takes each operand as a row-major array and a transpose flag;
    `_gemm_rows` does the rest, compiled once per dtype whatever layouts the callers pass, and the
    blocks run in `_gemm_blocks`, which takes addresses and so is compiled once for all (a parallel
    kernel is slow to compile: one per layout made a cold process's first MLP step take 25 s).
    """
    trans_a, a_rows = _gemm_operand(a)
    trans_b, b_rows = _gemm_operand(b)
    # `!= 0` makes the flags plain booleans: literal ones would compile _gemm_rows once per layout again
    _gemm_rows(trans_a != 0, a_rows, trans_b != 0, b_rows, out, np.float64(alpha), np.float64(beta),
               min_block_work)


@jit
def _gemm_rows(trans_a, a_rows, trans_b, b_rows, out, alpha, beta, min_block_work):
    """`gemm` on op(a_rows) @ op(b_rows), op transposing where the flag is set (a_rows, b_rows row-major).

    The BLAS calls read the operands by address; as arguments they stay alive for the whole call
    (numba frees an array after its last use, and `_gemm_operand` may have made a copy)."""
    m, n = out.shape
    a_m, k = (a_rows.shape[1], a_rows.shape[0]) if trans_a else a_rows.shape
    b_k, b_n = (b_rows.shape[1], b_rows.shape[0]) if trans_b else b_rows.shape
    if a_m != m or b_k != k or b_n != n:
        raise ValueError("gemm: the shapes of a @ b do not give out's")
    if m == 0 or n == 0:
        return
    if not _c_order(out):
        raise ValueError("gemm: out must be row-major (C-contiguous)")
    if k == 0:
        for i in range(m):
            for j in range(n):
                out[i, j] = 0.0 if beta == 0 else beta * out[i, j]
        return
    double = 1 if out.itemsize == 8 else 0
    depth_blocks = _depth_block_count_jit(m, n, k, min_block_work)
    if depth_blocks > 1:
        # block 0 goes straight into out (with beta), the others into scratch, added after in order
        partial = np.empty((depth_blocks - 1, m, n), out.dtype)
        _gemm_blocks(double, int(trans_a), int(trans_b), m, n, k, alpha, _address(a_rows), a_rows.shape[1],
                     _address(b_rows), b_rows.shape[1], beta, _address(out), _address(partial), _DEPTH,
                     depth_blocks)
        _add_partials(partial, out)
    else:
        blocks = _block_count_jit(m, n, k, min_block_work)
        split = _COLUMNS if blocks > 1 and splits_by_columns(m, n, k) else _ROWS
        _gemm_blocks(double, int(trans_a), int(trans_b), m, n, k, alpha, _address(a_rows), a_rows.shape[1],
                     _address(b_rows), b_rows.shape[1], beta, _address(out), _address(out), split, blocks)


@jit_inline
def _address(x):
    """The address of x's first element, as a signed integer (offsets added to it stay integers)."""
    return np.intp(x.ctypes.data)


@jit_inline
def _column_split(n, blocks, i):
    """Start of column block i of `blocks` over n columns (n at i == blocks).

    Blocks of a row-major output share no cache line when their starts are
    whole lines apart: two threads writing either side of a line inside every
    row made their cores trade the lines.
    """
    if i == blocks or n < 4 * LINE_ELEMENTS * blocks:
        return n * i // blocks
    return (n * i // blocks + LINE_ELEMENTS // 2) // LINE_ELEMENTS * LINE_ELEMENTS


@jit_inline
def _add_partials(partial, out):
    """out += partial[0] + partial[1] + ..., one pass over out per block.

    Additions alone, each element once per pass: nothing a caller's fastmath
    flags could fuse or reorder (numba compiles callees with their caller's
    flags, numba#7168), so the sum rounds the same whoever compiled it.
    """
    blocks, m, n = partial.shape
    for p in range(blocks):
        for i in range(m):
            for j in range(n):
                out[i, j] += partial[p, i, j]


@jit_inline
def splits_by_columns(m, n, k):
    """Whether `gemm` splits the (m, n) output of an (m, k) @ (k, n) product into blocks of columns (else of rows)."""
    return n > m and (m < COLUMN_SPLIT_MAX_ROWS or k * n > COLUMN_SPLIT_MIN_B)


_SIGNATURE = "intp, intp, intp, intp, intp, intp, float64, intp, intp, intp, intp, float64, intp, intp, intp, intp"


@c_function("nnlib_gemm_block", f"void(intp, {_SIGNATURE})")
def _gemm_block(p, double, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, out, partial, split, blocks):
    """Block p of `_gemm_blocks`: one single-threaded BLAS call (serial code, quick to compile)."""
    size = 8 if double else 4
    if split == _DEPTH:
        k0, k1 = k * p // blocks, k * (p + 1) // blocks
        a_block = a + size * (k0 * lda if trans_a else k0)
        b_block = b + size * (k0 if trans_b else k0 * ldb)
        target = out if p == 0 else partial + size * (p - 1) * m * n
        _blas.xgemm_at(double, trans_a, trans_b, m, n, k1 - k0, alpha, a_block, lda, b_block, ldb,
                       beta if p == 0 else 0.0, target, n)
    elif split == _COLUMNS:
        c0, c1 = _column_split(n, blocks, p), _column_split(n, blocks, p + 1)
        b_block = b + size * (c0 * ldb if trans_b else c0)
        _blas.xgemm_at(double, trans_a, trans_b, m, c1 - c0, k, alpha, a, lda, b_block, ldb, beta,
                       out + size * c0, n)
    else:
        r0, r1 = even_block(m, blocks, p)
        a_block = a + size * (r0 if trans_a else r0 * lda)
        _blas.xgemm_at(double, trans_a, trans_b, r1 - r0, n, k, alpha, a_block, lda, b, ldb, beta,
                       out + size * r0 * n, n)


@c_function("nnlib_gemm_blocks", f"void({_SIGNATURE})", parallel=True)
def _gemm_blocks(double, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, out, partial, split, blocks):
    """The blocks of `gemm` on numba's threads, each `_gemm_block`.

    Matrices by address (intp; row-major, `lda`/`ldb` elements a row; `out` m x n, `partial` the scratch of
    depth blocks 1.., each m x n), `double` for float64; `split` says along which dimension the
    `blocks` are taken. A single block runs on the calling thread. The `prange` body is one call of
    a C function: numba compiles a parallel loop's body again for its threads, and the BLAS calls
    inline made that take 2.3 s (0.4 s so).
    """
    if blocks == 1:
        _gemm_block(0, double, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, out, partial, split, 1)
        return
    for p in prange(blocks):
        _gemm_block(p, double, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, out, partial, split, blocks)


def output_blocks(m, n, k):
    """How many blocks of output rows or columns `gemm` splits an (m, k) @ (k, n) product into."""
    return _block_count(m, n, k, MIN_BLOCK_WORK)


def depth_blocks(m, n, k):
    """How many blocks along the inner dimension `gemm` splits that product into (1: none)."""
    return _depth_block_count(m, n, k, MIN_BLOCK_WORK)


def dot(a, b, out, alpha=1.0, beta=0.0):
    """out = alpha * a @ b + beta * out (out 2-D, C-contiguous; beta 0 ignores out's contents)."""
    _check(a, b, out)
    if _blas.AVAILABLE:
        _blas.single_threaded(gemm, a, b, out, alpha, beta, MIN_BLOCK_WORK)
    else:
        _numpy_dot(a, b, out, alpha, beta)


def _check(a, b, out):
    """Raise a ValueError naming what is wrong with the operands of `dot`."""
    if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and isinstance(out, np.ndarray)
            and a.ndim == b.ndim == out.ndim == 2):
        raise ValueError("gemm: a, b and out must be 2-D numpy arrays")
    if not out.flags.c_contiguous:
        raise ValueError(f"gemm: out must be a C-contiguous matrix, got shape {out.shape}")
    if a.shape[1] != b.shape[0] or out.shape != (a.shape[0], b.shape[1]):
        raise ValueError(f"gemm: shapes {a.shape} @ {b.shape} do not give out's {out.shape}")
    if not (a.dtype == b.dtype == out.dtype and out.dtype in (np.float32, np.float64)):
        raise ValueError(f"gemm: operands must share a float32 or float64 dtype, got {a.dtype}, {b.dtype}, {out.dtype}")


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
