"""`FlattenTable`: a nested table flattened into one list, depth first."""
import numpy as np

from .._checks import describe
from ..module import Module


def _flatten(obj, out):
    """Append obj's arrays to `out` depth first; return the map (an index, or a list of maps)."""
    if isinstance(obj, (list, tuple)):
        return [_flatten(x, out) for x in obj]
    if not isinstance(obj, np.ndarray):
        raise TypeError(type(obj).__name__)
    out.append(obj)
    return len(out) - 1


def _unflatten(flat, mapping):
    if isinstance(mapping, list):
        return [_unflatten(flat, m) for m in mapping]
    return flat[mapping]


class FlattenTable(Module):
    """output = the arrays of a nested table, depth first: [a, [b, [c]], d] -> [a, b, c, d].

    grad_input puts grad_output's entries back into the input's nesting.

    Shape:
        input: a table, possibly nested, of arrays.
        output: a flat table of the same arrays.
    """

    def update_output(self, input):
        if not isinstance(input, (list, tuple)):
            raise ValueError(f"{describe(self)}: expected a table (list) as input, got {type(input).__name__}")
        out = []
        try:
            self._map = _flatten(input, out)
        except TypeError as e:
            raise ValueError(f"{describe(self)}: a table may hold only arrays and tables, found a {e}") from None
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        n = len(self.output)
        if not isinstance(grad_output, (list, tuple)) or len(grad_output) != n:
            raise ValueError(f"{describe(self)}: expected a flat table of {n} entries as grad_output")
        self.grad_input = _unflatten(grad_output, self._map)
        return self.grad_input
