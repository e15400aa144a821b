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


def check_same_shapes(module, input, n=None):
    """A non-empty table of arrays of one shape (exactly `n` of them when given); returns that shape."""
    check_table(module, input, n)
    if not input:
        raise ValueError(f"{describe(module)}: expected a non-empty table of arrays")
    shapes = [x.shape for x in input]
    if any(s != shapes[0] for s in shapes):
        raise ValueError(f"{describe(module)}: table entries must have the same shape, got {shapes}")
    return shapes[0]


def reuse_arrays(old, shapes, dtype):
    """A list of arrays of `shapes` and `dtype`, reusing the entries of the list `old` that fit."""
    old = old if isinstance(old, list) else []
    return [old[i] if i < len(old) and isinstance(old[i], np.ndarray) and old[i].shape == s and old[i].dtype == dtype
            else np.empty(s, dtype) for i, s in enumerate(shapes)]


def zeros_like_table(obj):
    """Zeros shaped as an array or a nested table."""
    if isinstance(obj, np.ndarray):
        return np.zeros_like(obj)
    return [zeros_like_table(x) for x in obj]


def torch_dimension(module, dimension, n_input_dims, ndim):
    """Torch7's JoinTable/SplitTable dimension: with `n_input_dims`, a batch (one more axis) shifts a dim >= 0 by one.

    Returns the axis in [0, ndim).
    """
    if dimension >= 0 and n_input_dims is not None and ndim == n_input_dims + 1:
        dimension += 1
    return normalize_dim(module, dimension, ndim)


def check_pair(module, input, ndims=(1, 2)):
    """A table of two float arrays of one shape and the module's dtype, each of `ndims` dimensions."""
    check_table(module, input, 2)
    a, b = input
    if a.shape != b.shape:
        raise ValueError(f"{describe(module)}: the two inputs must have the same shape, got {a.shape} and {b.shape}")
    if a.ndim not in ndims:
        raise ValueError(f"{describe(module)}: expected two {' or '.join(f'{d}-D' for d in ndims)} inputs "
                         f"((N, D) or (D,)), got shape {a.shape}")
    for x in input:
        if x.dtype != module.dtype:
            raise ValueError(f"{describe(module)}: input dtype {x.dtype} does not match the module's {module.dtype}; "
                             f"cast the input or the module (module.astype(np.{x.dtype}))")
