"""`OneHot`: class labels to one-hot rows."""
import numpy as np

from .._checks import describe
from ..module import Module


class OneHot(Module):
    """One-hot encode integer labels (0-based) into the module's float dtype (Torch7's nn.OneHot).

    Args:
        output_size: the number of classes.

    Shape:
        integer labels (or floats holding integers, as Torch7 allowed) of any shape, or one int -> (*shape, output_size). The gradient
        w.r.t. the labels is zero (float, of the labels' shape).
    """

    def __init__(self, output_size: int):
        super().__init__()
        self.output_size = int(output_size)

    def update_output(self, input):
        labels = np.asarray(input)
        if labels.dtype.kind == "f":
            # Torch7 takes labels in any tensor type ("need not be stored as LongTensor").
            if not np.all(np.mod(labels, 1) == 0):
                raise ValueError(f"{describe(self)}: expected integer-valued class labels (0-based), "
                                 f"got non-integer values in a {labels.dtype} array")
        elif labels.dtype.kind not in "iu":
            raise ValueError(f"{describe(self)}: expected integer class labels (0-based), got dtype {labels.dtype}")
        if labels.size and (labels.min() < 0 or labels.max() >= self.output_size):
            bad = labels[(labels < 0) | (labels >= self.output_size)].flat[0]
            raise ValueError(f"{describe(self)}: label {bad} is out of range [0, {self.output_size}); labels are 0-based")
        out = self._buffer("_out", labels.shape + (self.output_size,))
        out.fill(0)
        np.put_along_axis(out, labels[..., None].astype(np.intp), 1, axis=-1)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        self.grad_input = self._buffer("_gx", np.shape(input))
        self.grad_input.fill(0)
        return self.grad_input

    def extra_repr(self):
        return str(self.output_size)
