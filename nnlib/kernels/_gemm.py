"""GEMM for the convolution kernels: split over nnlib's threads, each part a single-threaded BLAS call.

OpenBLAS's own worker threads busy-wait for a while after every call. Next to
numba's workers, or on a machine shared with other jobs, they take the cores
the working threads need: with 2 threads a seed-CNN training step measured
10-40x slower than with single-threaded BLAS. Here BLAS runs single-threaded
and the rows of the output are split over a small pool of Python threads,
which block (not spin) between calls; numpy releases the GIL inside BLAS.
"""
import threading
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np
from threadpoolctl import ThreadpoolController

_MIN_WORK = 1 << 24  # multiply-adds below which a split costs more than it gains (measured)
_pool = None
_pool_size = 0
_lock = threading.Lock()
_blas = ThreadpoolController().select(user_api="blas").lib_controllers


def _executor(n):
    global _pool, _pool_size
    with _lock:
        if _pool is None or _pool_size != n:
            if _pool is not None:
                _pool.shutdown(wait=True)
            _pool = ThreadPoolExecutor(max_workers=n, thread_name_prefix="nnlib-gemm")
            _pool_size = n
        return _pool


def _dot_rows(a, b, out, r0, r1):
    np.dot(a[r0:r1], b, out=out[r0:r1])


def dot(a, b, out):
    """out = a @ b with single-threaded BLAS calls on row blocks of `out` (2-D, C-contiguous)."""
    previous = [lib.get_num_threads() for lib in _blas]
    for lib in _blas:
        lib.set_num_threads(1)
    try:
        n = numba.get_num_threads()
        rows = out.shape[0]
        if n == 1 or rows < 2 or a.shape[1] * out.size < _MIN_WORK:
            np.dot(a, b, out=out)
            return
        n = min(n, rows)
        bounds = [rows * i // n for i in range(n + 1)]
        futures = [_executor(n - 1).submit(_dot_rows, a, b, out, bounds[i], bounds[i + 1]) for i in range(1, n)]
        _dot_rows(a, b, out, bounds[0], bounds[1])
        for f in futures:
            f.result()
    finally:
        for lib, count in zip(_blas, previous):
            lib.set_num_threads(count)
