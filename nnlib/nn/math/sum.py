"""`Sum`: sum (or mean) over one axis."""
import numpy as np

from .._checks import check_same_shape
from ..module import Module
from ._reduction import reduction_axis


class Sum(Module):
    """Sum over one axis (Torch7's nn.Sum).

    Args:
        dimension: the axis (0-based; negative from the end).
        n_input_dims: axes of one sample; an input with one more is a batch, and a
            non-negative `dimension` then refers to the sample's axes.
        size_average: divide by the axis length (a mean).
        squeeze: drop the reduced axis (never for a 1-D input, whose result is (1,), as Torch7).

    Shape:
        any shape; output without (or with a unit) reduced axis.
    """

    def __init__(self, dimension: int = 0, n_input_dims: int | None = None, size_average: bool = False,
                 squeeze: bool = True):
        super().__init__()
        self.dimension = int(dimension)
        self.n_input_dims = None if n_input_dims is None else int(n_input_dims)
        self.size_average, self.squeeze = bool(size_average), bool(squeeze)

    def _kept_shape(self, input, d):
        return input.shape[:d] + (1,) + input.shape[d + 1:]

    def update_output(self, input):
        d = reduction_axis(self, input)
        out = self._buffer("_out", self._kept_shape(input, d))
        if self.size_average:
            np.mean(input, axis=d, keepdims=True, out=out)
        else:
            np.sum(input, axis=d, keepdims=True, out=out)
        self.output = out.reshape(input.shape[:d] + input.shape[d + 1:]) if self.squeeze and input.ndim > 1 else out
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        d = reduction_axis(self, input)
        gx = self._buffer("_gx", input.shape)
        gy = grad_output.reshape(self._kept_shape(input, d))
        if self.size_average:
            np.multiply(gy, self.dtype.type(1.0 / input.shape[d]), out=gx)
        else:
            np.copyto(gx, gy)
        self.grad_input = gx
        return gx

    def extra_repr(self):
        extra = [str(self.dimension)]
        if self.n_input_dims is not None:
            extra.append(f"n_input_dims={self.n_input_dims}")
        if self.size_average:
            extra.append("size_average=True")
        if not self.squeeze:
            extra.append("squeeze=False")
        return ", ".join(extra)
