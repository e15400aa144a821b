"""Numba options for every kernel, in one place.

`fastmath` allows reassociation (vectorised reductions) but never `nnan`/`ninf`:
NaN and inf must propagate so that a diverging run is detected, not hidden.
Kernels are cached on disk (`cache=True`); numba writes cache files atomically,
and `tests/kernels/test_cache.py` checks cold-cache races and thread-count changes.
"""
import functools

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
