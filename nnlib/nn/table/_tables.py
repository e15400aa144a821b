"""Helpers for tables (Python lists of arrays, possibly nested), as Torch's nn.utils."""
import numpy as np

from .._checks import describe


def table_copy(dst, src):
    """A copy of `src` (array or nested list), reusing `dst`'s arrays where shapes and dtypes match."""
    if isinstance(src, np.ndarray):
        if isinstance(dst, np.ndarray) and dst.shape == src.shape and dst.dtype == src.dtype and dst is not src:
            np.copyto(dst, src)
            return dst
        return src.copy()
    old = dst if isinstance(dst, list) and len(dst) == len(src) else [None] * len(src)
    return [table_copy(d, s) for d, s in zip(old, src)]


def table_add(acc, src, module):
    """acc += src in place, for arrays or nested lists of the same structure."""
    if isinstance(acc, np.ndarray):
        if not isinstance(src, np.ndarray) or src.shape != acc.shape:
            raise ValueError(f"{describe(module)}: cannot add gradients of shapes {table_shape(acc)} and {table_shape(src)}; "
                             "the children must return gradients of the same structure")
        acc += src
        return
    if not isinstance(src, list) or len(src) != len(acc):
        raise ValueError(f"{describe(module)}: cannot add gradients of shapes {table_shape(acc)} and {table_shape(src)}")
    for a, s in zip(acc, src):
        table_add(a, s, module)


def sum_gradients(module, grads):
    """Sum the children's gradients into `module.grad_input` (reusing its arrays); returns it.

    `grads` is best a generator: each child's gradient is then copied or added
    before the next child runs, even if a module appears twice.
    """
    for i, g in enumerate(grads):
        if i == 0:
            module.grad_input = table_copy(module.grad_input, g)
        else:
            table_add(module.grad_input, g, module)
    return module.grad_input


def table_shape(obj):
    """Shapes of an array or nested list, for error messages."""
    if isinstance(obj, np.ndarray):
        return obj.shape
    if isinstance(obj, (list, tuple)):
        return [table_shape(x) for x in obj]
    return type(obj).__name__


def check_table(module, x, n=None, what="input", nested=False):
    """Check that `x` is a table of arrays (or of nested tables if `nested`), of length `n` when given."""
    if not isinstance(x, (list, tuple)):
        raise ValueError(f"{describe(module)}: expected a table (list of arrays) as {what}, got {type(x).__name__}")
    if n is not None and len(x) != n:
        raise ValueError(f"{describe(module)}: expected a table of {n} entries as {what}, got {len(x)}")
    for i, a in enumerate(x):
        if not isinstance(a, (np.ndarray, list, tuple) if nested else np.ndarray):
            raise ValueError(f"{describe(module)}: {what}[{i}] must be a numpy array{' or a table' if nested else ''}, "
                             f"got {type(a).__name__}")


def normalize_dim(module, dim, ndim):
    """Map a numpy-style (possibly negative) axis into [0, ndim) or raise a clear error."""
    if not -ndim <= dim < ndim:
        raise ValueError(f"{describe(module)}: dim {dim} is out of range for a {ndim}-D input")
    return dim % ndim
