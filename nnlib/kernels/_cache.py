"""numba's on-disk cache, made to notice edits to any kernel file, not only the kernel's own.

numba checks a cached kernel against its own source file alone, but a
kernel's machine code includes the kernels it calls: `Linear`'s kernels
carry `_gemm.gemm`'s code, so after an edit to `_gemm.py` they would go on
running the old GEMM (or crash on a symbol it no longer has). The locator
below finds the cache folder as numba would and adds the name, mtime and
size of every file of this package to the source stamp numba compares, so
an edited kernel file recompiles every kernel once.

It uses numba's locator list (`CacheImpl._locator_classes`, `_CacheImpl`
before numba 0.61), a private name; `install()` returns False when that is
missing and caching then works as numba's own (tests/kernels/test_cache.py
checks the guard is in place).
"""
import functools
import os

from numba.core import caching

_IMPL = getattr(caching, "CacheImpl", None) or getattr(caching, "_CacheImpl", None)
KERNEL_DIR = os.path.dirname(os.path.abspath(__file__))


@functools.lru_cache(maxsize=1)
def kernel_sources_stamp():
    """(name, mtime_ns, size) of every Python file of nnlib.kernels, as this process first saw them."""
    names = sorted(n for n in os.listdir(KERNEL_DIR) if n.endswith(".py"))
    stats = [(n, os.stat(os.path.join(KERNEL_DIR, n))) for n in names]
    return tuple((n, s.st_mtime_ns, s.st_size) for n, s in stats)


class KernelPackageLocator(caching._CacheLocator):
    """numba's own locator for a kernel of this package, with the package's sources in the stamp."""

    def __init__(self, inner):
        self._inner = inner

    def ensure_cache_path(self):
        self._inner.ensure_cache_path()

    def get_cache_path(self):
        return self._inner.get_cache_path()

    def get_source_stamp(self):
        return self._inner.get_source_stamp(), kernel_sources_stamp()

    def get_disambiguator(self):
        return self._inner.get_disambiguator()

    @classmethod
    def from_function(cls, py_func, py_file):
        if os.path.dirname(os.path.abspath(py_file)) != KERNEL_DIR:
            return None
        for other in _IMPL._locator_classes:
            if other is not cls:
                inner = other.from_function(py_func, py_file)
                if inner is not None:
                    return cls(inner)
        return None


def install():
    """Put `KernelPackageLocator` first in numba's locator list; False if numba has no such list."""
    classes = getattr(_IMPL, "_locator_classes", None)
    if not isinstance(classes, list):
        return False
    if KernelPackageLocator not in classes:
        classes.insert(0, KernelPackageLocator)
    return True
