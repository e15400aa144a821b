"""Modules that copy each output pixel from one input pixel chosen per axis (`kernels.index_gather`):
reflection and replication padding here, nearest-neighbour upsampling in `nn.upsampling`."""
import numpy as np

from ...kernels import index_gather as K
from .._checks import check_float_input, check_same_shape, describe
from ..module import Module


class PlaneModule(Module):
    """Base of modules working on the `dims` trailing axes (2: H, W; 3: T, H, W) of inputs of the ranks
    `input_ndims`, the leading axes being planes: `_planes` checks an input and views it as (P, T, H, W)."""

    dims = 2

    @property
    def input_ndims(self):
        return (self.dims + 1, self.dims + 2)

    def _layout(self):
        return "(N, C, H, W) or (C, H, W)" if self.dims == 2 else "(N, C, T, H, W) or (C, T, H, W)"

    def _planes(self, input):
        if isinstance(input, np.ndarray) and input.ndim not in self.input_ndims:
            raise ValueError(f"{describe(self)}: expected an input {self._layout()}, got shape {input.shape}")
        check_float_input(self, input, self.input_ndims)
        x = np.ascontiguousarray(input)
        sizes = x.shape[-self.dims:]
        return x.reshape((-1,) + (1,) * (3 - self.dims) + sizes), sizes


class IndexMap(PlaneModule):
    """Base: subclasses give `_maps(sizes)`, one int64 array of source positions per trailing axis."""

    transient_attributes = ("_maps_used",)

    def _gather(self, input, x, maps):
        """Output planes through the per-axis maps (a single position along T for 2-D), shaped as the input."""
        self._maps_used = [np.zeros(1, np.int64)] * (3 - len(maps)) + [np.ascontiguousarray(m, np.int64)
                                                                       for m in maps]
        out = self._buffer("_out", (x.shape[0],) + tuple(m.size for m in self._maps_used))
        K.index_gather_update_output(x, *self._maps_used, out)
        self.output = out.reshape(input.shape[:input.ndim - len(maps)] + out.shape[4 - len(maps):])
        return self.output

    def _scatter(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        x, _ = self._planes(input)
        gy = np.ascontiguousarray(grad_output).reshape(self._out.shape)
        gx = self._buffer("_gx", x.shape)
        K.index_gather_update_grad_input(gy, *self._maps_used, gx)
        self.grad_input = gx.reshape(input.shape)
        return self.grad_input

    def update_output(self, input):
        x, sizes = self._planes(input)
        return self._gather(input, x, self._maps(sizes))

    def update_grad_input(self, input, grad_output):
        return self._scatter(input, grad_output)


def padding_map(size, before, after, mode):
    """THNN's source positions along one axis padded by `before`/`after` (negative: cropped).

    mode "reflect" mirrors the input without repeating the edge, "replicate"
    repeats the edge value.
    """
    n_out = size + before + after
    j = np.arange(n_out)
    inside = j - before
    if mode == "reflect":
        src = np.where(j < before, before - j, np.where(inside < size, inside, 2 * (size - 1) - inside))
    else:
        src = np.clip(inside, 0, size - 1)
    return src


class Padding(IndexMap):
    """Base of the reflection/replication paddings: `pads` are (before, after) per trailing axis."""

    mode = "replicate"

    def _maps(self, sizes):
        maps = []
        for size, (before, after), axis in zip(sizes, self._pads(), "THW"[3 - self.dims:]):
            n_out = size + before + after
            if n_out < 1:
                raise ValueError(f"{describe(self)}: an input of size {size} along {axis} is cropped to nothing "
                                 f"({n_out}); expected a size > {-(before + after)}")
            if self.mode == "reflect" and max(before, after) >= size:
                raise ValueError(f"{describe(self)}: reflection padding {max(before, after)} along {axis} must be "
                                 f"smaller than the input size {size} there")
            maps.append(padding_map(size, before, after, self.mode))
        return maps
