"""`TemporalConvolution`: 1-D convolution over batch-first frame sequences."""
import numpy as np

from ...kernels import temporal_convolution as K
from .._checks import check_same_shape
from .._init import reset_uniform
from ..module import Module
from ._frames import check_frames


class TemporalConvolution(Module):
    """Each output frame is an affine map of kW consecutive input frames (Torch7's TemporalConvolution).

    Args:
        input_frame_size: features F per input frame.
        output_frame_size: features O per output frame.
        kW: frames per window.
        dW: step between windows (default 1).

    Shape:
        input (N, T, F) or one sequence (T, F); output (N, oT, O) or (oT, O), oT = (T - kW) // dW + 1.
        `weight` is (O, kW*F), Torch7's layout (window frame-major), `bias` (O,). The backward
        passes reuse the unfolded windows of the last `forward`'s input.
    """

    def __init__(self, input_frame_size: int, output_frame_size: int, kW: int, dW: int = 1):
        super().__init__()
        self.input_frame_size, self.output_frame_size = int(input_frame_size), int(output_frame_size)
        self.kW, self.dW = int(kW), int(dW)
        if min(self.input_frame_size, self.output_frame_size, self.kW, self.dW) < 1:
            raise ValueError(f"TemporalConvolution: frame sizes, kW and dW must be >= 1, got "
                             f"input_frame_size={input_frame_size}, output_frame_size={output_frame_size}, "
                             f"kW={kW}, dW={dW}")
        self.register_parameter("weight", np.zeros((self.output_frame_size, self.kW * self.input_frame_size)))
        self.register_parameter("bias", np.zeros(self.output_frame_size))
        self.reset()

    def reset(self, stdv=None):
        """Torch7's init: weight and bias U(-a, a), a = 1/sqrt(kW*input_frame_size), or stdv * sqrt(3) when given."""
        reset_uniform(stdv, self.kW * self.input_frame_size, self.weight, self.bias)
        return self

    def update_output(self, input):
        x = np.ascontiguousarray(check_frames(self, input, self.input_frame_size, self.kW))
        n, T, F = x.shape
        oT = K.output_length(T, self.kW, self.dW)
        cols = self._buffer("_cols", (n * oT, self.kW * F))
        out = self._buffer("_out", (n, oT, self.output_frame_size))
        K.temporal_convolution_update_output(x, self.weight, self.bias, self.kW, self.dW, cols, out)
        self._in_shape = x.shape
        self.output = out if input.ndim == 3 else out[0]
        return self.output

    def _grad_output(self, grad_output):
        check_same_shape(self, self.output, grad_output)
        return np.ascontiguousarray(np.asarray(grad_output, dtype=self.dtype).reshape(self._out.shape))

    def update_grad_input(self, input, grad_output):
        gy = self._grad_output(grad_output)
        gx = self._buffer("_gx", self._in_shape)
        K.temporal_convolution_update_grad_input(gy, self.weight, self.kW, self.dW,
                                                 self._buffer("_gcols", self._cols.shape), gx)
        self.grad_input = gx if input.ndim == 3 else gx[0]
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        gy = self._grad_output(grad_output)
        partial = self._buffer("_gw_blocks", K.weight_gradient_scratch_shape(gy.shape[0], *self.grad_weight.shape))
        K.temporal_convolution_acc_grad_parameters(self._cols, gy, self.grad_weight, self.grad_bias, scale, partial)

    def extra_repr(self):
        return f"{self.input_frame_size} -> {self.output_frame_size}, {self.kW}" + (
            f", {self.dW}" if self.dW != 1 else "")
