"""Numba options for every kernel, in one place.

`fastmath` allows reassociation (vectorised reductions) but never `nnan`/`ninf`:
NaN and inf must propagate so that a diverging run is detected, not hidden.
Kernels are cached on disk (`cache=True`); numba writes cache files atomically,
and `tests/kernels/test_cache.py` checks cold-cache races and thread-count changes.
"""
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
