"""Numba options for every kernel, in one place.

`fastmath` allows reassociation (vectorised reductions) but never `nnan`/`ninf`:
NaN and inf must propagate so that a diverging run is detected, not hidden.
Kernels are cached on disk (`cache=True`); numba writes cache files atomically,
and `tests/kernels/test_cache.py` checks cold-cache races and thread-count changes.
"""
import functools
import os

import numba

FASTMATH = frozenset({"nsz", "arcp", "contract", "reassoc"})

_COMMON = dict(cache=True, fastmath=set(FASTMATH), error_model="numpy", nogil=True)


def jit(fn):
    """Compile a serial kernel."""
    return numba.njit(**_COMMON)(fn)


def pjit(fn):
    """Compile a kernel whose `prange` loops run on numba's thread pool."""
    return numba.njit(parallel=True, **_COMMON)(fn)


prange = numba.prange


def _cache_probe():
    """Never called: a function of this package for numba's cache locator to place."""


def cache_dir():
    """The folder numba caches this package's kernels in (created if missing).

    `__pycache__` beside the sources, or a mirror of their path under
    NUMBA_CACHE_DIR; numba's own locator decides, so callers that coordinate
    through this folder (workflow/scripts/kernel_warmup.py) share what numba shares.
    """
    return numba.njit(cache=True)(_cache_probe).stats.cache_path

# Below this many elements a parallel launch costs more than it saves.
PARALLEL_MIN_SIZE = 65536


def auto_parallel(fn):
    """Compile `fn` serial and parallel; each call picks by the size of its largest array.

    The choice depends on shapes only, never on timing, so results stay
    reproducible. `fn` writes each output element from one `prange` iteration.
    """
    serial, parallel = jit(fn), pjit(fn)

    @functools.wraps(fn)
    def dispatch(*args):
        size = max(getattr(a, "size", 0) for a in args)
        return (parallel if size >= PARALLEL_MIN_SIZE else serial)(*args)

    dispatch.serial, dispatch.parallel = serial, parallel
    return dispatch


def _start_workers_waiting_passively():
    """Start numba's thread pool with OpenMP's passive wait policy, unless the user chose one.

    By default OpenMP workers spin for a while after each parallel region; on
    a machine whose cores BLAS threads also use, a numba kernel followed by a
    GEMM then fight for the cores (a convolution forward pass measured 14 ms
    instead of 0.7 ms with 2 threads). The variable is read once, when the
    pool's OpenMP runtime loads, and is restored afterwards so that other
    libraries loaded later (e.g. torch's own OpenMP) keep their defaults.
    """
    if "OMP_WAIT_POLICY" in os.environ:
        numba.get_num_threads()
        return
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    try:
        numba.get_num_threads()
    finally:
        del os.environ["OMP_WAIT_POLICY"]


_start_workers_waiting_passively()
