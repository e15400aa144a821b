"""Numba options for every kernel, in one place.

`fastmath` allows reassociation (vectorised reductions) but never `nnan`/`ninf`:
NaN and inf must propagate so that a diverging run is detected, not hidden.
Kernels are cached on disk (`cache=True`); numba writes cache files atomically,
`_cache` makes an edit to any kernel file recompile them all, and
`tests/kernels/test_cache.py` checks cold-cache races, thread-count changes and edits.
"""
import contextlib
import functools
import platform
import types

import llvmlite.binding
import numba
from llvmlite import ir
from numba.core import cgutils, sigutils
from numba.core.compiler_lock import global_compiler_lock
from numba.core.typing.typeof import typeof_impl
from numba.extending import intrinsic, overload
from numba.np.ufunc.parallel import _launch_threads

from . import _cache, _choices


def _keep_selects_branch_free():
    """Stop LLVM's x86 cmov converter from turning selects back into branches.

    It does so in loops where it guesses a branch is cheaper, and on random
    data (window maxima, NaN checks) the branches mispredict: the seed CNN's
    first max-pooling ran 3.2x slower with it (188 vs 58 us at batch 10, a
    `rocketlake` host). The switch is process-wide in LLVM, a code-generation
    heuristic only, so it is set before any kernel compiles, on x86 only (an
    LLVM without that backend would reject the unknown option).
    """
    if platform.machine().lower() in ("x86_64", "amd64"):
        llvmlite.binding.set_option("nnlib", "-x86-cmov-converter=false")


_keep_selects_branch_free()


FASTMATH = frozenset({"nsz", "arcp", "contract", "reassoc"})

CACHE_WATCHES_ALL_KERNELS = _cache.install()
"""Whether an edit to any kernel file invalidates every cached kernel (installed before any kernel is compiled)."""

_COMMON = dict(cache=True, fastmath=set(FASTMATH), error_model="numpy", nogil=True)
_EXACT = dict(cache=True, fastmath=False, error_model="numpy", nogil=True)
# fastmath=False is said, not left out: numba gives a callee that sets no fastmath its caller's
# flags (numba#7168), so an exact kernel called from a fastmath one would fuse multiply-adds after all.


def jit(fn):
    """Compile a serial kernel."""
    return numba.njit(**_COMMON)(fn)


def jit_exact(fn):
    """Compile a serial kernel without fastmath, for element-wise updates that must round
    exactly as the numpy expression they replace (no fused multiply-add)."""
    return numba.njit(**_EXACT)(fn)


def jit_inline(fn=None, *, exact=False):
    """Compile a kernel helper that other kernels call: inlined into each caller (numba IR,
    `inline="always"`), so it has no machine code of its own there (`exact`: without fastmath).

    Every kernel doing floating-point arithmetic that another kernel calls is compiled so. A
    called kernel that is not inlined is linked into every caller's machine code as a weak copy,
    optimised again with the caller; when two copies exist in a process, numba's linker runs the
    first one loaded for all. A copy can round differently from the original (measured: the
    recurrent step inside `rnn_fused_update_output`, 1 ulp), so results depended on which kernels
    the process had compiled or loaded from the cache before: a seq10 run gave other numbers from
    a cold cache than from a warm one. Inlined, a helper's arithmetic is part of each caller's own
    code, the same whoever compiled it. Helpers whose code does no floating-point arithmetic
    (index computations, BLAS calls, copies) may stay plain kernels
    (tests/kernels/test_cache.py lists them and checks the rest).
    Use as `@jit_inline` or `@jit_inline(exact=True)`.
    """
    if fn is None:
        return functools.partial(jit_inline, exact=exact)
    return numba.njit(inline="always", **(_EXACT if exact else _COMMON))(fn)


def pjit(fn, exact=False):
    """Compile a kernel whose `prange` loops run on numba's thread pool (`exact`: without fastmath)."""
    return numba.njit(parallel=True, **(_EXACT if exact else _COMMON))(fn)


class CFunction:
    """A kernel compiled as a C function that other kernels call by its `symbol`, on first need.

    A kernel calling another numba kernel links a copy of the callee's code into its own and
    optimises the whole again, so every caller of a parallel kernel paid for compiling its `prange`
    loops again (about a second each: the GEMM blocks made a cold process's first MLP step take 25 s).
    Called as an external function it is compiled (or loaded from the cache) once, for the one
    `signature` (scalar arguments: pass arrays by address), and runs the same machine code for
    every caller. It cannot raise.

    Nothing is compiled at import. Typing a kernel that names a C function compiles it (`link`,
    from numba's `typeof` of the global below); a kernel loaded from the cache is not typed, and
    LLVM must resolve the symbols its machine code names when numba loads it, so every C function
    is linked (`link_c_functions`) before such a kernel first runs: `_blas.single_threaded`, through
    which every kernel calling the GEMM runs, does so. A C function calling another links the
    other first.
    """

    def __init__(self, fn, symbol, signature, parallel):
        args, result = sigutils.normalize_signature(signature)
        self.py_func, self.symbol, self.parallel = fn, symbol, parallel
        self.type = numba.types.ExternalFunction(symbol, result(*args))
        self.compiled = None
        _UNLINKED.append(self)

    def link(self):
        """Compile it (or load it from the cache) and register its symbol, once; returns its numba type."""
        if self.compiled is None:
            with global_compiler_lock:  # numba's: a kernel typed on another thread may be linking it
                if self.compiled is None:
                    for name in self.py_func.__code__.co_names:
                        callee = self.py_func.__globals__.get(name)
                        if isinstance(callee, CFunction):
                            callee.link()
                    compiled = numba.cfunc(self.type.sig, parallel=self.parallel, **_COMMON)(self.py_func)
                    llvmlite.binding.add_symbol(self.symbol, compiled.address)
                    self.compiled = compiled
                    _UNLINKED.remove(self)
        return self.type


_UNLINKED = []


@typeof_impl.register(CFunction)
def _typeof_c_function(value, context):
    return value.link()


def link_c_functions():
    """Link every C function not linked yet (see `CFunction`); nothing to do after the first time."""
    for function in list(_UNLINKED):  # a copy: another thread may be linking one
        function.link()


def c_function(symbol, signature, parallel=False):
    """Compile a kernel as a `CFunction` called by `symbol` (`parallel`: its `prange` loops on numba's threads)."""
    return lambda fn: CFunction(fn, symbol, signature, parallel)


prange = numba.prange


@intrinsic
def thread_count(typingctx):
    """`numba.get_num_threads()` for kernels, by the threading layer's symbol name.

    numba's own version calls through a ctypes pointer, which keeps a kernel
    out of the on-disk cache; this links to the `get_num_threads` symbol
    numba registers when it starts its thread pool, as its parallel loops do.
    A kernel loaded from the cache is not typed again, so the pool is
    started with this module (below), before any such kernel is linked.
    """

    def codegen(context, builder, signature, args):
        fn = cgutils.get_or_insert_function(builder.module, ir.FunctionType(cgutils.intp_t, []), "get_num_threads")
        return builder.call(fn, [])
    return numba.types.intp(), codegen


_launch_threads()


@jit_inline
def even_block(count, blocks, b):
    """Items [first, last) of block b when `count` items are split into `blocks` contiguous blocks
    as even as they come (sizes differ by at most one): each thread's share of a prange over blocks."""
    return count * b // blocks, count * (b + 1) // blocks


def zero_of(array):
    """A zero of the array's dtype (kernels only), so float32 sums stay float32: a 0.0 literal
    would make them float64, at half the vector width."""
    raise NotImplementedError("zero_of is callable from numba kernels only")


@overload(zero_of)
def _zero_of(array):
    dtype = array.dtype
    return lambda array: dtype(0)


def as_dtype_of(array, value):
    """`value` converted to the array's dtype (kernels only), so arithmetic with a float32 array's
    elements stays float32 (a Python float argument is float64): Torch7's float kernels convert
    their real arguments so too."""
    raise NotImplementedError("as_dtype_of is callable from numba kernels only")


@overload(as_dtype_of)
def _as_dtype_of(array, value):
    dtype = array.dtype
    return lambda array, value: dtype(value)


def _cache_probe():
    """Never called: a function of this package for numba's cache locator to place."""


def cache_dir():
    """The folder numba caches this package's kernels in (created if missing).

    `__pycache__` beside the sources, or a mirror of their path under
    NUMBA_CACHE_DIR; numba's own locator decides, so callers that coordinate
    through this folder (workflow/scripts/kernel_warmup.py) share what numba shares.
    """
    return numba.njit(cache=True)(_cache_probe).stats.cache_path


PARALLEL_MIN_SIZE = _choices.choice("elementwise", "parallel_min_size")
"""Elements below which a parallel launch costs more than it saves."""

MAX_BLOCKS = 8
"""The most blocks a kernel splits one GEMM or one sum over a batch into (`_gemm.gemm`, a
convolution's per-image weight gradient). The shapes alone decide the blocks, never the thread
count, and partial sums are added in a fixed order, so results are the same bits at any thread
count; numba's threads share the blocks out (one thread may take several). More threads than
this do not speed up one such operation further."""


def serial_and_parallel(fn, exact=False):
    """`fn` compiled twice: serial (`prange` runs as `range`) and on numba's thread pool.

    `exact` compiles both without fastmath (see `jit_exact`).

    The parallel one is compiled from a copy named `<name>_parallel`: numba's
    cache keys entries by qualified name, signature and bytecode, not by
    compile options, so two compilations of one function would load each
    other's machine code from the cache.
    """
    twin = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__ + "_parallel", fn.__defaults__, fn.__closure__)
    twin.__qualname__ = fn.__qualname__ + "_parallel"
    twin.__module__, twin.__doc__ = fn.__module__, fn.__doc__
    return (jit_exact if exact else jit)(fn), pjit(twin, exact)


def auto_parallel(fn=None, *, exact=False):
    """Compile `fn` serial and parallel; each call picks by the size of its largest array.

    The choice depends on shapes only, never on timing, so results stay
    reproducible. `fn` writes each output element from one `prange` iteration.
    Use as `@auto_parallel`, or `@auto_parallel(exact=True)` for no fastmath.
    """
    if fn is None:
        return functools.partial(auto_parallel, exact=exact)
    serial, parallel = serial_and_parallel(fn, exact)

    @functools.wraps(fn)
    def dispatch(*args):
        size = max(getattr(a, "size", 0) for a in args)
        return (parallel if size >= PARALLEL_MIN_SIZE else serial)(*args)

    dispatch.serial, dispatch.parallel = serial, parallel
    return dispatch


@contextlib.contextmanager
def parallel_paths():
    """Within: every size-dispatched kernel (`auto_parallel`) runs its parallel version, whatever the sizes,
    on all of numba's threads. For compiling (and caching) those versions with a tiny run, ahead of the
    jobs that will need them (the workflow's kernel warm-up)."""
    global PARALLEL_MIN_SIZE
    default_size, threads = PARALLEL_MIN_SIZE, numba.get_num_threads()
    PARALLEL_MIN_SIZE = 0
    numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
    try:
        yield
    finally:
        PARALLEL_MIN_SIZE = default_size
        numba.set_num_threads(threads)
