"""numpy's BLAS `gemm`, callable from numba kernels (numba has no BLAS of its own without SciPy).

The CBLAS `sgemm`/`dgemm` of the BLAS library numpy loaded are registered with
LLVM under fixed names, so compiled kernels link to them by name and numba's
on-disk cache stays valid across processes (a ctypes pointer would be baked
into the machine code). numpy's wheels ship OpenBLAS with 64-bit integers and
`scipy_` prefixed names; an LP64 `cblas_sgemm` (MKL, a system OpenBLAS) works
too. `AVAILABLE` is False when no such symbol is found; callers then use numpy.

`xgemm` is used inside kernels as CBLAS's row-major gemm:
c = alpha * op(a) @ op(b) + beta * c, with op(x) = x.T when the flag is set.

The one protocol for handing threads between numba and BLAS: a kernel that
calls `xgemm` (from numba's threads, each call one block of the work) is
called only through `single_threaded(kernel, *args)`, which sets BLAS to one
thread for the call and back afterwards. Kernels never touch BLAS's thread
count themselves. With OpenBLAS the switch is a direct ctypes call (well
under a microsecond); with another BLAS, threadpoolctl.
"""
import ctypes

import llvmlite.binding as llvm
import numpy as np
from numba import types
from numba.extending import overload
from threadpoolctl import ThreadpoolController

from ._config import link_c_functions

_ROW_MAJOR, _NO_TRANS, _TRANS = 101, 111, 112

# (symbol prefix, symbol suffix, integer type) in the order they are tried
_ABIS = (("scipy_cblas_", "64_", types.int64), ("cblas_", "64_", types.int64), ("cblas_", "", types.int32))


_controllers = ThreadpoolController().select(user_api="blas").lib_controllers


def _find_gemm():
    """(sgemm address, dgemm address, integer type, library) of numpy's BLAS, or None."""
    for controller in _controllers:
        try:
            lib = ctypes.CDLL(controller.filepath)
        except OSError:
            continue
        for prefix, suffix, int_type in _ABIS:
            try:
                s, d = getattr(lib, f"{prefix}sgemm{suffix}"), getattr(lib, f"{prefix}dgemm{suffix}")
            except AttributeError:
                continue
            return ctypes.cast(s, ctypes.c_void_p).value, ctypes.cast(d, ctypes.c_void_p).value, int_type, lib
    return None


def _openblas_thread_functions(lib):
    """OpenBLAS's (get, set) thread-count functions as ctypes calls (far cheaper than threadpoolctl's), or None."""
    for prefix, suffix in (("scipy_", "64_"), ("", "64_"), ("", "")):
        try:
            get = getattr(lib, f"{prefix}openblas_get_num_threads{suffix}")
            set_ = getattr(lib, f"{prefix}openblas_set_num_threads{suffix}")
        except AttributeError:
            continue
        get.argtypes, get.restype = [], ctypes.c_int
        set_.argtypes, set_.restype = [ctypes.c_int], None
        return get, set_
    return None


def _threadpoolctl_get():
    return [c.get_num_threads() for c in _controllers]


def _threadpoolctl_set(counts):
    for c, n in zip(_controllers, counts if isinstance(counts, list) else [counts] * len(_controllers)):
        c.set_num_threads(n)


def _external(name, address, real, int_type, pointer=types.voidptr):
    """The CBLAS gemm at `address` under the LLVM symbol `name`; its matrices passed as `pointer`s
    (voidptr, or intp addresses: the same machine word in the C calling convention)."""
    llvm.add_symbol(name, address)
    i, p = int_type, pointer
    return types.ExternalFunction(name, types.void(types.int32, types.int32, types.int32, i, i, i, real, p, i,
                                                   p, i, real, p, i))


_found = _find_gemm()
AVAILABLE = _found is not None
_thread_functions = _openblas_thread_functions(_found[3]) if AVAILABLE else None
get_threads, set_threads = _thread_functions or (_threadpoolctl_get, _threadpoolctl_set)
"""get_threads() -> the BLAS thread count(s); set_threads(get_threads() or an int) sets it back."""
if AVAILABLE:
    _tag = "ilp64" if _found[2] == types.int64 else "lp64"  # in the name: cached code links the right ABI
    _sgemm = _external(f"nnlib_cblas_sgemm_{_tag}", _found[0], types.float32, _found[2])
    _dgemm = _external(f"nnlib_cblas_dgemm_{_tag}", _found[1], types.float64, _found[2])
    _sgemm_at = _external(f"nnlib_cblas_sgemm_{_tag}_at", _found[0], types.float32, _found[2], types.intp)
    _dgemm_at = _external(f"nnlib_cblas_dgemm_{_tag}_at", _found[1], types.float64, _found[2], types.intp)


def xgemm(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc):
    """Row-major gemm on the arrays' first elements (numba only; see the module docstring)."""
    raise NotImplementedError("xgemm is callable from numba kernels only")


@overload(xgemm)
def _xgemm(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc):
    gemm, real = (_sgemm, np.float32) if c.dtype == types.float32 else (_dgemm, np.float64)

    def impl(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc):
        gemm(_ROW_MAJOR, _TRANS if trans_a else _NO_TRANS, _TRANS if trans_b else _NO_TRANS, m, n, k,
             real(alpha), a.ctypes, lda, b.ctypes, ldb, real(beta), c.ctypes, ldc)
    return impl


def xgemm_at(double, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc):
    """`xgemm` on matrices given by address (intp) and dtype (`double`: float64, else float32), for
    kernels that take no array arguments and so compile once for every layout and dtype (numba only)."""
    raise NotImplementedError("xgemm_at is callable from numba kernels only")


@overload(xgemm_at)
def _xgemm_at(double, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc):
    def impl(double, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc):
        ta, tb = _TRANS if trans_a else _NO_TRANS, _TRANS if trans_b else _NO_TRANS
        if double:
            _dgemm_at(_ROW_MAJOR, ta, tb, m, n, k, np.float64(alpha), a, lda, b, ldb, np.float64(beta), c, ldc)
        else:
            _sgemm_at(_ROW_MAJOR, ta, tb, m, n, k, np.float32(alpha), a, lda, b, ldb, np.float32(beta), c, ldc)
    return impl


def single_threaded(kernel, *args):
    """kernel(*args) with BLAS on one thread for the call, its thread count restored after (also on error).

    Every kernel that calls `xgemm` on numba's threads is called this way: two
    thread pools busy-waiting on two cores made a seed-CNN step 10-40x slower.
    Those are the kernels that call the GEMM's C functions, so they are linked first
    (`_config.link_c_functions`: a kernel loaded from the cache needs their symbols).
    """
    link_c_functions()
    previous = get_threads()
    set_threads(1)
    try:
        return kernel(*args)
    finally:
        set_threads(previous)
