"""`SpatialPadding`: nnx's padder, any two axes, any fill value (or cropping with negative sizes)."""
import numpy as np

from .._checks import check_array, check_float_input, check_same_shape, describe
from ..module import Module
from .spatial_zero_padding import overlap


class SpatialPadding(Module):
    """nnx's `SpatialPadding(pad_l, pad_r, pad_t, pad_b, y_dim, x_dim, val)`.

    Pads axis `y_dim` with `pad_t` rows before and `pad_b` after, and axis `x_dim`
    with `pad_l` columns before and `pad_r` after, filled with `val`; a negative size
    crops that border instead. nnx's spatial normalisation used it to keep image sizes
    through its convolutions; unlike `SpatialZeroPadding` it pads the axes it is told,
    of an input of any rank, so its defaults fit one (C, H, W) image, as in nnx.

    Args:
        pad_l, pad_r, pad_t, pad_b: border sizes; `pad_r`, `pad_t`, `pad_b` default to `pad_l`.
        y_dim, x_dim: the padded axes, 0-based (nnx's 1-based defaults 2 and 3: the H and W of
            a (C, H, W) image); negative ones count from the end (-2, -1 also fit batches).
        val: the fill value (default 0).

    Shape:
        any input with axes `y_dim` and `x_dim`; those grow by `pad_t + pad_b` and `pad_l + pad_r`.
    """

    def __init__(self, pad_l: int, pad_r: int = None, pad_t: int = None, pad_b: int = None, y_dim: int = 1,
                 x_dim: int = 2, val: float = 0.0):
        super().__init__()
        self.pad_l = int(pad_l)
        self.pad_r = self.pad_l if pad_r is None else int(pad_r)
        self.pad_t = self.pad_l if pad_t is None else int(pad_t)
        self.pad_b = self.pad_l if pad_b is None else int(pad_b)
        self.y_dim, self.x_dim, self.val = int(y_dim), int(x_dim), float(val)
        if self.y_dim == self.x_dim:
            raise ValueError(f"nn.SpatialPadding: y_dim and x_dim must be two different axes, both are {self.y_dim}")

    def _axes(self, input):
        """The padded axes of `input`, as non-negative numbers (checked)."""
        check_array(self, input)
        check_float_input(self, input, range(1, 33))
        n = input.ndim
        for name, dim in (("y_dim", self.y_dim), ("x_dim", self.x_dim)):
            if not -n <= dim < n:
                raise ValueError(f"{describe(self)}: input shape {input.shape} has no axis {name}={dim}; expected "
                                 f"at least {dim + 1 if dim >= 0 else -dim} axes (a (C, H, W) image with the "
                                 f"default dims)")
        y, x = self.y_dim % n, self.x_dim % n
        if y == x:
            raise ValueError(f"{describe(self)}: y_dim={self.y_dim} and x_dim={self.x_dim} are the same axis of a "
                             f"{n}-D input {input.shape}")
        return y, x

    def _windows(self, shape, y, x):
        """(output shape, output window, input window) of an input of `shape`."""
        out_shape = list(shape)
        dst, src = [slice(None)] * len(shape), [slice(None)] * len(shape)
        for axis, before, after in ((y, self.pad_t, self.pad_b), (x, self.pad_l, self.pad_r)):
            out_shape[axis] = shape[axis] + before + after
            dst[axis], src[axis] = overlap(before, after, shape[axis])
        return tuple(out_shape), tuple(dst), tuple(src)

    def update_output(self, input):
        y, x = self._axes(input)
        out_shape, dst, src = self._windows(input.shape, y, x)
        if out_shape[y] < 1 or out_shape[x] < 1:
            raise ValueError(f"{describe(self)}: input shape {input.shape} is cropped to nothing "
                             f"({out_shape[y]}x{out_shape[x]} along axes {y} and {x}); expected sizes "
                             f"> {-(self.pad_t + self.pad_b)} (axis {y}) and > {-(self.pad_l + self.pad_r)} (axis {x})")
        out = self._buffer("_out", out_shape)
        out.fill(self.val)
        out[dst] = input[src]
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        y, x = self._axes(input)
        _, dst, src = self._windows(input.shape, y, x)
        gx = self._buffer("_gx", input.shape)
        gx.fill(0)
        gx[src] = grad_output[dst]
        self.grad_input = gx
        return gx

    def extra_repr(self):
        text = f"l={self.pad_l}, r={self.pad_r}, t={self.pad_t}, b={self.pad_b}, y_dim={self.y_dim}, x_dim={self.x_dim}"
        return text + (f", val={self.val:g}" if self.val else "")
