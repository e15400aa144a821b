"""One place to set the thread count of numba kernels and BLAS together."""
import numba
from threadpoolctl import threadpool_limits

_blas_limit = None


def set_num_threads(n):
    """Use `n` threads in numba's parallel kernels and in BLAS.

    `n` is capped at numba's pool size (NUMBA_NUM_THREADS, by default the
    number of cores); the value actually used is returned.
    """
    global _blas_limit
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"set_num_threads: n must be a positive int, got {n!r}")
    n = min(n, numba.config.NUMBA_NUM_THREADS)
    numba.set_num_threads(n)
    _blas_limit = threadpool_limits(limits=n, user_api="blas")
    return n


def get_num_threads():
    """The thread count numba kernels use now."""
    return numba.get_num_threads()
