"""Torch7's three ways CMul and CAdd lay a parameter over an input (one helper for both)."""
import math

import numpy as np

from .._checks import describe


def parse_size(owner, sizes):
    """`CMul(3, 4)`, `CMul((3, 4))` or `CMul([3, 4])`: a tuple of positive ints."""
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = tuple(sizes[0])
    sizes = tuple(int(s) for s in sizes)
    if not sizes or any(s < 1 for s in sizes):
        raise ValueError(f"{owner}: sizes must be one or more positive integers, got {sizes}")
    return sizes


def check_input(module, x):
    """A float array of the module's dtype with at least one axis."""
    if not isinstance(x, np.ndarray) or x.ndim == 0:
        raise ValueError(f"{describe(module)}: expected a numpy array with at least one axis, got "
                         f"{'a 0-D array' if isinstance(x, np.ndarray) else type(x).__name__}")
    if x.dtype != module.dtype:
        raise ValueError(f"{describe(module)}: input dtype {x.dtype} does not match the module's {module.dtype}; "
                         f"cast the input or the module (module.astype(np.{x.dtype}))")


def broadcast_views(module, x, param):
    """Views (x_view, param_view) that numpy broadcasts as Torch7's CMul/CAdd expand the parameter.

    1. As many elements as the parameter: element by element, whatever the shapes.
    2. As many axes: the parameter's axes of size 1 are expanded (its other sizes must match).
    3. Otherwise a batch: (N, ...) with each sample as many elements as the parameter.
    """
    if x.size == param.size:
        return x.reshape(-1), param.reshape(-1)
    if x.ndim == param.ndim:
        if all(p in (1, s) for p, s in zip(param.shape, x.shape)):
            return x, param
    elif x.ndim > 1 and math.prod(x.shape[1:]) == param.size:
        return x.reshape(x.shape[0], -1), param.reshape(1, -1)
    raise ValueError(f"{describe(module)}: input shape {x.shape} does not fit the parameter's shape {param.shape}: "
                     f"expected {param.size} elements, the same number of axes with sizes equal or expanded "
                     f"from 1, or a batch (N, ...) of {param.size}-element samples")


def sum_to(values, param_view):
    """Sum `values` (the broadcast shape) over the axes `param_view` was expanded along."""
    if values.shape == param_view.shape:
        return values
    axes = tuple(i for i, (p, v) in enumerate(zip(param_view.shape, values.shape)) if p != v)
    return values.sum(axis=axes, keepdims=True)

