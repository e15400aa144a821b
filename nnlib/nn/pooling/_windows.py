"""Pooling windows along one axis and the shared module code of the window-pooling kernels.

`kernels.window_pooling` reads, along each of three axes, `count[o]` input
positions from `first[o]` on (spaced by a dilation), with a divisor `div[o]`
for averages. The functions here build those per-axis windows for strided
(padded, dilated, ceil-mode), adaptive and fractional pooling; `WindowPooling`
turns inputs into (planes, T, H, W) views and calls the kernels.
"""
import math

import numpy as np

from ...kernels.spatial_pooling import pooled_size
from ...plans import WindowPoolingPlan
from .._checks import check_same_shape, describe
from ..padding._index_map import PlaneModule


class AxisWindows:
    """Windows along one axis: `first`, `count` (int64) and `div` (float), each (rows, n_out)."""

    def __init__(self, first, count, div=None):
        self.first = np.ascontiguousarray(np.atleast_2d(first), np.int64)
        self.count = np.ascontiguousarray(np.atleast_2d(count), np.int64)
        self.div = self.count if div is None else np.atleast_2d(div)
        self.size = self.first.shape[1]


def strided_windows(size, k, stride, pad, dilation=1, ceil_mode=False, count_include_pad=True):
    """Torch7's windows `o*stride - pad + j*dilation` (j < k), clipped to the input.

    The output length is Torch7's (ceil mode: the last window starts inside
    the left-padded input); `div` is the window size cut at the padded end
    (`count_include_pad`) or the number of real inputs in the window.
    """
    n = pooled_size(size, dilation * (k - 1) + 1, stride, pad, ceil_mode)
    start = np.arange(n) * stride - pad
    j0 = -(np.minimum(start, 0) // dilation)  # first j inside the input: ceil(max(0, -start) / dilation)
    j1 = np.minimum(k - 1, (size - 1 - start) // dilation)
    count = j1 - j0 + 1
    div = np.minimum(start + k, size + pad) - start if count_include_pad else count
    return AxisWindows(start + j0 * dilation, count, div)


def adaptive_windows(size, n_out):
    """Torch7's adaptive windows: [floor(o*size/n_out), ceil((o+1)*size/n_out))."""
    o = np.arange(n_out)
    first = o * size // n_out
    last = -((-(o + 1) * size) // n_out)
    return AxisWindows(first, last - first)


def fractional_windows(samples, size, n_out, k):
    """THNN's pseudo-random fractional windows of width k, one row per plane (`samples`, one each).

    alpha = (size - k) / (n_out - 1), first[o] = floor((o + u) alpha) - floor(u alpha),
    the last window ends at the input's end; computed in the samples' precision as THNN does.
    """
    real = samples.dtype.type
    o = np.arange(n_out - 1, dtype=samples.dtype)
    u = samples.reshape(-1, 1)
    if n_out > 1:
        alpha = real(size - k) / real(n_out - 1)
        first = np.floor((o + u) * alpha).astype(np.int64) - np.floor(u * alpha).astype(np.int64)
    else:
        first = np.zeros((u.shape[0], 0), np.int64)
    first = np.concatenate([first, np.full((u.shape[0], 1), size - k, np.int64)], axis=1)
    return AxisWindows(first, np.full_like(first, k))


def sum_windows(windows):
    """The same windows with divisor 1: plain window sums."""
    return AxisWindows(windows.first, windows.count, np.ones(windows.count.shape))


def single_windows(size):
    """The identity along an axis: one window per input position."""
    return AxisWindows(np.arange(size), np.ones(size, np.int64))


class WindowPooling(PlaneModule):
    """Pooling over `dims` trailing axes (2 or 3) of a batch (ndim dims+2) or single sample (dims+1).

    Subclasses build `AxisWindows` for those axes (`_windows(sizes)`), and call
    `_max_forward`/`_max_backward` or `_sum_forward`/`_sum_backward`, which run the plan of the
    geometry (`nnlib.plans.WindowPoolingPlan`).
    """

    transient_attributes = ("indices", "_win")

    def _full(self, windows):
        """Three axes' windows (a single window along T for 2-D pooling)."""
        return [AxisWindows([0], [1])] * (3 - len(windows)) + list(windows)

    def _check_output(self, input, windows):
        """An error naming the input shape when a window axis has no output."""
        if min(w.size for w in windows) < 1:
            raise ValueError(f"{describe(self)}: input shape {input.shape} is too small: the output would be "
                             f"{'x'.join(str(w.size) for w in windows)}")

    def _shaped(self, out, input, windows):
        """The (P, oT, oH, oW) result as the input's leading axes + the pooled sizes."""
        return out.reshape(input.shape[:input.ndim - len(windows)] + tuple(w.size for w in windows))

    def _max_forward(self, x, windows, dilations=None):
        """Window maxima (P, oT, oH, oW) of planes x (P, T, H, W); `self.indices` the flat argmax positions."""
        dilations = [1] * (3 - len(windows)) + list(dilations or [1] * len(windows))
        full = self._full(windows)
        out = self._buffer("_out", (x.shape[0],) + tuple(w.size for w in full))
        idx = self._buffer("_indices", out.shape, np.int64)
        args = [a for w in full for a in (w.first, w.count)]
        self.window_plan(x, out).max_forward(x, args, dilations, out, idx)
        self.indices = idx
        return out

    def _max_pool(self, input, windows_of, dilations=None):
        """The whole max-pooling forward: `windows_of(sizes)` gives the per-axis windows of an input."""
        x, sizes = self._planes(input)
        windows = windows_of(sizes)
        self._check_output(input, windows)
        self.output = self._shaped(self._max_forward(x, windows, dilations), input, windows)
        self.indices = self.indices.reshape(self.output.shape)
        return self.output

    def _max_backward(self, input_shape, grad_output):
        """Each output gradient routed to its window's maximum; grad_input of shape `input_shape`."""
        check_same_shape(self, self.output, grad_output)
        n_planes = self._out.shape[0]
        gy = np.ascontiguousarray(grad_output).reshape(n_planes, -1)
        gx = self._buffer("_gx", (n_planes, math.prod(input_shape) // n_planes))
        self.window_plan(gx, gy).max_grad_input(gy, self.indices.reshape(n_planes, -1), gx)
        return gx.reshape(input_shape)

    def _sum_forward(self, x, windows):
        """Window sums (P, oT, oH, oW) of planes x (P, T, H, W), divided by the windows' divisors."""
        full = self._full(windows)
        out = self._buffer("_out", (x.shape[0],) + tuple(w.size for w in full))
        self.window_plan(x, out).average_forward(x, self._sum_args(full), out)
        return out

    def _sum_backward(self, grad_output, windows, plane_shape):
        full = self._full(windows)
        gy = np.ascontiguousarray(grad_output).reshape(self._out.shape)
        gx = self._buffer("_gx", (gy.shape[0],) + tuple(plane_shape))
        self.window_plan(gx, gy).average_grad_input(gy, self._sum_args(full), gx)
        return gx

    def _lp_forward(self, x, windows, p):
        """(sum over each window of x**p) ** (1/p) for planes x; `windows` must be sum windows."""
        xp = np.square(x) if p == 2 else np.power(x, p)
        out = self._sum_forward(xp, windows)
        if p == 2:
            np.sqrt(out, out=out)
        else:
            np.power(out, 1.0 / p, out=out)
        return out

    def _lp_backward(self, x, grad_output, windows, p):
        """Torch7's gradient of the LP pooling: x**(p-1) * sum over windows of g * y**(1-p), 0 where y = 0."""
        y = self._out
        gy = np.ascontiguousarray(grad_output).reshape(y.shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            scaled = np.where(y != 0, gy / y if p == 2 else gy * np.power(y, 1.0 - p), 0).astype(self.dtype)
        gx = self._sum_backward(scaled, windows, x.shape[1:])
        gx *= x if p == 2 else np.power(x, p - 1)
        return gx

    def window_plan(self, inputs, outputs):
        """The plan of the pooling of input planes `inputs` (P, ...) into output planes `outputs` (P, ...)
        (or of their gradients) in this module's dtype."""
        planes, in_size, out_size = inputs.shape[0], math.prod(inputs.shape[1:]), math.prod(outputs.shape[1:])
        return self._plan_for((planes, in_size, out_size, self.dtype),
                              lambda: WindowPoolingPlan(planes, in_size, out_size, self.dtype))

    def _sum_args(self, full):
        return [a for w in full for a in (w.first, w.count, np.ascontiguousarray(w.div, self.dtype))]


def window_arguments(module, kernel, strides, pads):
    """Torch7's kernel sizes, strides (None: the kernel size) and paddings (at most half the kernel), checked."""
    kernel = [int(k) for k in kernel]
    strides = [k if d is None else int(d) for k, d in zip(kernel, strides)]
    pads = [int(p) for p in pads]
    if min(kernel + strides) < 1:
        raise ValueError(f"{type(module).__name__}: kernel sizes and strides must be >= 1, got {kernel} and {strides}")
    if any(not 0 <= p <= k // 2 for k, p in zip(kernel, pads)):
        raise ValueError(f"{type(module).__name__}: padding must be between 0 and half the kernel size, "
                         f"got {pads} for a {'x'.join(map(str, kernel))} kernel")
    return kernel, strides, pads


class CeilMode:
    """Torch7's `:ceil()`/`:floor()` switch of the output-size rounding."""

    ceil_mode = False

    def ceil(self):
        """Round the output size up (the last window may hang over the edge); returns self."""
        self.ceil_mode = True
        return self

    def floor(self):
        """Round the output size down (the default); returns self."""
        self.ceil_mode = False
        return self
