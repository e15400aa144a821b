"""`Padding`: insert `|pad|` entries of a constant along one axis."""
from .._checks import check_array, check_same_shape, describe
from ..module import Module
from ._axes import resolve_axis


class Padding(Module):
    """Insert `|pad|` entries equal to `value` along axis `dim` (Torch7's nn.Padding).

    Args:
        dim: the axis (0-based, as Torch7's dim - 1).
        pad: the number of entries; negative pads before entry `index` counted from the
            start, positive pads after entry `index` counted from the end (so the default
            `index=0` pads at the start for pad < 0 and at the end for pad > 0).
        n_input_dim: axes of one sample; an input with a different number of axes is a
            batch and `dim` moves one axis right (Torch7's rule).
        value: the fill value.
        index: the 0-based position of the padding (see `pad`).

    Shape:
        any shape; the `dim` axis longer by `|pad|`.
    """

    def __init__(self, dim: int, pad: int, n_input_dim: int | None = None, value: float = 0, index: int = 0):
        super().__init__()
        self.dim, self.pad, self.value, self.index = int(dim), int(pad), float(value), int(index)
        self.n_input_dim = None if n_input_dim is None else int(n_input_dim)

    def _geometry(self, input):
        dim = self.dim + (1 if self.n_input_dim is not None and input.ndim != self.n_input_dim else 0)
        d = resolve_axis(self, dim, input.ndim, "dim")
        size = input.shape[d]
        at = size - self.index if self.pad > 0 else self.index
        if not 0 <= at <= size:
            raise ValueError(f"{describe(self)}: index {self.index} is out of range for axis {d} (size {size}) "
                             f"of input shape {input.shape}")
        before = (slice(None),) * d
        return d, before + (slice(0, at),), before + (slice(at, size),), before + (slice(at + abs(self.pad), None),)

    def update_output(self, input):
        check_array(self, input)
        d, head, tail, out_tail = self._geometry(input)
        shape = list(input.shape)
        shape[d] += abs(self.pad)
        out = self._buffer("_out", shape, input.dtype)
        out.fill(self.value)
        out[head] = input[head]
        out[out_tail] = input[tail]
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        _, head, tail, out_tail = self._geometry(input)
        gx = self._buffer("_gx", input.shape, grad_output.dtype)
        gx[head] = grad_output[head]
        gx[tail] = grad_output[out_tail]
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return f"{self.dim}, {self.pad}" + (f", value={self.value:g}" if self.value else "") + (
            f", index={self.index}" if self.index else "")
