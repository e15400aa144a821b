"""Shared code of the linear upsamplings: Torch7's align-corners source positions and the kernel calls."""
import numpy as np

from ...kernels import linear_upsampling as K
from .._checks import check_same_shape
from ..padding._index_map import PlaneModule


def linear_positions(size, n_out, dtype):
    """THNN's align-corners interpolation along one axis: (i0, i1, l0, l1), output o at input r*o,
    r = (size - 1) / (n_out - 1) (0 for one output), computed in `dtype` as THNN computes in `real`."""
    real = np.dtype(dtype).type
    ratio = real(size - 1) / real(n_out - 1) if n_out > 1 else real(0)
    src = ratio * np.arange(n_out, dtype=dtype)
    i0 = np.minimum(src.astype(np.int64), size - 1)
    i1 = i0 + (i0 < size - 1)
    l1 = (src - i0).astype(dtype)
    return i0, i1, (real(1) - l1).astype(dtype), l1


class LinearUpSampling(PlaneModule):
    """Base: upsample the `dims` trailing axes to `_out_sizes(sizes)` by linear interpolation."""

    transient_attributes = ("_positions",)

    def _linear_forward(self, input):
        x, sizes = self._planes(input)
        outs = self._out_sizes(sizes)
        positions = [linear_positions(s, o, self.dtype) for s, o in zip(sizes, outs)]
        single = (np.zeros(1, np.int64), np.zeros(1, np.int64), np.ones(1, self.dtype), np.zeros(1, self.dtype))
        self._positions = [a for axis in [single] * (3 - self.dims) + positions for a in axis]
        out = self._buffer("_out", (x.shape[0],) + (1,) * (3 - self.dims) + tuple(outs))
        K.linear_upsampling_update_output(x, *self._positions, out)
        self.output = out.reshape(input.shape[:input.ndim - self.dims] + tuple(outs))
        return self.output

    def _linear_backward(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        x, _ = self._planes(input)
        gy = np.ascontiguousarray(grad_output).reshape(self._out.shape)
        gx = self._buffer("_gx", x.shape)
        K.linear_upsampling_update_grad_input(gy, *self._positions, gx)
        self.grad_input = gx.reshape(input.shape)
        return self.grad_input


def check_scale(module, scale_factor):
    """Torch7's rule: an integer scale factor >= 1."""
    if int(scale_factor) != scale_factor or scale_factor < 1:
        raise ValueError(f"{type(module).__name__}: scale_factor must be an integer >= 1, got {scale_factor}")
    return int(scale_factor)
