"""What MultiCriterion and ParallelCriterion share: their children's repr and weighted gradient sums."""
import numpy as np

from .._checks import describe


def scaled_copy(grad, weight):
    """weight * grad, a new array (or nested list of them)."""
    if isinstance(grad, np.ndarray):
        return grad * weight
    return [scaled_copy(g, weight) for g in grad]


def add_scaled(acc, grad, weight, criterion):
    """acc += weight * grad in place, for arrays or nested lists of one structure."""
    if isinstance(acc, np.ndarray) and isinstance(grad, np.ndarray) and acc.shape == grad.shape:
        acc += grad * weight
        return
    if isinstance(acc, list) and isinstance(grad, list) and len(acc) == len(grad):
        for a, g in zip(acc, grad):
            add_scaled(a, g, weight, criterion)
        return
    raise ValueError(f"{describe(criterion)}: the criterions' gradients differ in structure "
                     f"({_structure(acc)} and {_structure(grad)}); they must all take the same input")


def zeros_like(input):
    """Zero arrays with the structure of `input` (the gradient of a criterion with no children)."""
    if isinstance(input, np.ndarray):
        return np.zeros_like(input)
    return [zeros_like(x) for x in input]


def _structure(obj):
    if isinstance(obj, np.ndarray):
        return obj.shape
    return [_structure(x) for x in obj] if isinstance(obj, list) else type(obj).__name__


def children_repr(criterions, weights):
    return ", ".join(f"{c!r}" + ("" if w == 1 else f" * {w:g}") for c, w in zip(criterions, weights))
