"""`Constant`: output a constant array, whatever the input."""
import numpy as np

from .._checks import check_array
from ..module import Module


class Constant(Module):
    """Output `value` whatever the input (Torch7's nn.Constant).

    Useful in a ConcatTable to append a constant to a table. The gradient w.r.t. the input is zero.

    Args:
        value: a number (output (1,), as Torch7) or an array.
        n_input_dim: axes of one sample; an input with more axes is a batch of N and the
            output is `value` repeated N times, (N, *value.shape).

    Shape:
        any input; output value.shape or (N, *value.shape).
    """

    def __init__(self, value: float | np.ndarray, n_input_dim: int | None = None):
        super().__init__()
        self.register_buffer("value", np.atleast_1d(np.asarray(value, dtype=np.float64)))
        self.n_input_dim = None if n_input_dim is None else int(n_input_dim)

    def update_output(self, input):
        check_array(self, input)
        if self.n_input_dim is not None and input.ndim > self.n_input_dim:
            shape = (input.shape[0],) + self.value.shape
        else:
            shape = self.value.shape
        out = self._buffer("_out", shape)
        np.copyto(out, self.value)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        gx = self._buffer("_gx", input.shape)
        gx.fill(0)
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return f"{self.value.shape}" + (f", n_input_dim={self.n_input_dim}" if self.n_input_dim is not None else "")
