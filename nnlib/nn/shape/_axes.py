"""Axis arguments of the shape modules: 0-based, negative from the end, checked against the input."""
from .._checks import describe


def resolve_axis(module, axis, ndim, what="dimension", extra=0):
    """`axis` as a non-negative axis of an array with `ndim` axes (`ndim + extra` positions)."""
    n = ndim + extra
    if not -n <= axis < n:
        raise ValueError(f"{describe(module)}: {what} {axis} is out of range for a {ndim}-D input "
                         f"(valid: {-n} to {n - 1})")
    return axis % n
