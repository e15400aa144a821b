"""Base class for THNN's SoftMax/LogSoftMax frame rule: normalise over the channel axis.

THNN's SoftMax and LogSoftMax (and so Torch7's SoftMax, LogSoftMax, SoftMin, SpatialSoftMax and
SpatialLogSoftMax) see a 1-D (C), 2-D (N, C), 3-D (C, H, W) or 4-D (N, C, H, W) input as
(frames, C, positions) and normalise the C values of every frame and position.
"""
import numpy as np

from ...plans import SoftMaxPlan
from .._checks import check_float_input, check_same_shape, describe
from ..module import Module

SHAPES = "(C,), (N, C), (C, H, W) or (N, C, H, W)"


def frames(shape):
    """Torch7's (frames, dim, positions) for a 1-D (C), 2-D (N, C), 3-D (C, H, W) or
    4-D (N, C, H, W) array: 1-D and 3-D inputs are one frame, the channel axis is normalised."""
    if len(shape) == 1:
        return 1, shape[0], 1
    if len(shape) == 2:
        return shape[0], shape[1], 1
    if len(shape) == 3:
        return 1, shape[0], shape[1] * shape[2]
    return shape[0], shape[1], shape[2] * shape[3]


class Channelwise(Module):
    """Softmax (`_log` False) or log-softmax (`_log` True) on the (frames, C, positions) view of the input,
    through the plan of that geometry (`nnlib.plans.SoftMaxPlan`: the row kernels when every frame has
    one position, the spatial ones otherwise; serial or threaded)."""

    _log: bool  # set by each subclass
    unbatched_ranks = (1, 3)  # (C,) and (C, H, W) are one frame; (N, C) and (N, C, H, W) are batches of them

    def softmax_plan(self, shape3):
        """The plan of a (frames, C, positions) input of this module's dtype."""
        return self._plan_for((shape3, self.dtype), lambda: SoftMaxPlan(shape3, self.dtype, self._log))

    def update_output(self, input):
        if isinstance(input, np.ndarray) and input.ndim not in (1, 2, 3, 4):
            raise ValueError(f"{describe(self)}: expected a {SHAPES} input (normalised over C), got shape "
                             f"{input.shape}; reshape it so that the axis to normalise is C")
        check_float_input(self, input, (1, 2, 3, 4))
        shape3 = frames(input.shape)
        out = self._buffer("_out", input.shape)
        self._forward_kernel(np.ascontiguousarray(input).reshape(shape3), out.reshape(shape3))
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        shape3 = frames(input.shape)
        gx = self._buffer("_gx", input.shape)
        self._backward_kernel(self.output.reshape(shape3), np.ascontiguousarray(grad_output).reshape(shape3),
                              gx.reshape(shape3))
        self.grad_input = gx
        return gx

    def _forward_kernel(self, x, out):
        self.softmax_plan(x.shape).forward(x, out)

    def _backward_kernel(self, y, gy, gx):
        self.softmax_plan(y.shape).grad_input(y, gy, gx)
