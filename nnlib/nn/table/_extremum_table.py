"""The element-wise maximum or minimum of a table: CMaxTable and CMinTable share it."""
import numpy as np

from .._checks import check_same_shape
from ._tables import check_same_shapes, reuse_arrays
from ..module import Module


class ExtremumTable(Module):
    """output = the element-wise extremum over the table's entries; the gradient goes to the winning entry.

    On a tie the first entry wins, as in Torch7. Subclasses set `_pick`
    (np.argmax or np.argmin).
    """

    _pick = None

    def update_output(self, input):
        shape = check_same_shapes(self, input)
        stacked = self._buffer("_stacked", (len(input),) + shape, input[0].dtype)
        np.stack(input, out=stacked)
        self._winner = type(self)._pick(stacked, axis=0)
        out = self._buffer("_out", shape, input[0].dtype)
        np.copyto(out, np.take_along_axis(stacked, self._winner[None], axis=0)[0])
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        grads = reuse_arrays(self.grad_input, [x.shape for x in input], grad_output.dtype)
        zero = grad_output.dtype.type(0)
        for i, g in enumerate(grads):
            np.copyto(g, np.where(self._winner == i, grad_output, zero))
        self.grad_input = grads
        return grads
