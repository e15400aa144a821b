"""`Maxout`: a Linear layer whose outputs are max-pooled in groups (Goodfellow et al. 2013)."""
import numpy as np

from ...kernels import maxout as K
from .._checks import check_same_shape, describe
from ..container.sequential import Sequential
from ..module import Module
from ..shape.view import View
from .linear import Linear


class Maxout(Sequential):
    """y_j = max_p (W x + b)[p * output_size + j], p < maxout_number.

    As Torch7's, a Sequential of Linear(input_size, output_size *
    maxout_number), View(maxout_number, output_size) (batch-aware),
    the optional `preprocess` module, and the max over the pieces; the
    parameters are the Linear's (`maxout.get(0).weight`).

    Args:
        input_size: features per sample.
        output_size: maxout units.
        maxout_number: pieces per unit.
        preprocess: a module applied to the (N, maxout_number, output_size) pieces
            before the max (e.g. Dropout), or None.

    Shape:
        input (input_size,) or (N, input_size); output (output_size,) or (N, output_size).
    """

    def __init__(self, input_size, output_size, maxout_number, preprocess=None):
        super().__init__()
        self.input_size, self.output_size, self.maxout_number = int(input_size), int(output_size), int(maxout_number)
        self.add(Linear(self.input_size, self.output_size * self.maxout_number))
        self.add(View(self.maxout_number, self.output_size).set_num_input_dims(1))
        if preprocess is not None:
            self.add(preprocess)
        self.add(_PieceMax(self.maxout_number, self.output_size))

    def __repr__(self):
        return super().__repr__().replace("nn.Sequential", f"nn.Maxout({self.input_size} -> {self.output_size} "
                                          f"x {self.maxout_number} pieces)", 1)


class _PieceMax(Module):
    """The max over axis -2 of (pieces, units) or (N, pieces, units): Torch7's Max(1, 2) inside Maxout."""

    def __init__(self, pieces, units):
        super().__init__()
        self.pieces, self.units = pieces, units

    def _as_batch(self, input):
        if not isinstance(input, np.ndarray) or input.ndim not in (2, 3) or input.shape[-2:] != (self.pieces, self.units):
            got = input.shape if isinstance(input, np.ndarray) else type(input).__name__
            raise ValueError(f"{describe(self)}: expected pieces ({self.pieces}, {self.units}) or "
                             f"(N, {self.pieces}, {self.units}), got {got}")
        return np.ascontiguousarray(input.reshape(-1, self.pieces, self.units))

    def update_output(self, input):
        x = self._as_batch(input)
        out = self._buffer("_out", (x.shape[0], self.units))
        self._indices = self._buffer("_idx", (x.shape[0], self.units), np.int64)
        K.maxout_update_output(x, out, self._indices)
        self.output = out[0] if input.ndim == 2 else out
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        gx = self._buffer("_gx", (self._indices.shape[0], self.pieces, self.units))
        K.maxout_update_grad_input(np.ascontiguousarray(grad_output.reshape(-1, self.units)), self._indices, gx)
        self.grad_input = gx.reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        return f"max over {self.pieces} pieces"
