"""Base class for THNN's SoftMax/LogSoftMax frame rule: normalise over the channel axis."""
import numpy as np

from .._checks import check_float_input, check_same_shape
from ..module import Module


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
    """Applies `_forward_kernel(x3, out3)` / `_backward_kernel(y3, gy3, gx3)` on (frames, C, positions)."""

    def update_output(self, input):
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
