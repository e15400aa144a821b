"""`TemporalRowConvolution`: a separate 1-D convolution along time for each feature."""
import numpy as np

from ...kernels import temporal_row_convolution as K
from .._checks import check_same_shape
from .._init import reset_uniform
from ..module import Module
from ._frames import check_frames


class TemporalRowConvolution(Module):
    """Convolve each feature's row of frames with its own kW taps (Torch7's TemporalRowConvolution).

    out[n, t, f] = bias[f] + sum_k weight[f, 0, k] * x[n, t*dW + k, f].

    Args:
        input_frame_size: features F per frame (also the output's).
        kW: taps per feature.
        dW: step between windows (default 1).
        feat_first: inputs and outputs are (N, F, T) instead of batch-first (N, T, F) (default False).

    Shape:
        input (N, T, F) or (T, F) (feat_first: (N, F, T) or (F, T)); output the same layout with
        oT = (T - kW) // dW + 1 frames. `weight` is (F, 1, kW), `bias` (F,).
    """

    def __init__(self, input_frame_size: int, kW: int, dW: int = 1, feat_first: bool = False):
        super().__init__()
        self._setup(input_frame_size, kW, dW, feat_first)
        self.register_parameter("weight", np.zeros((self.input_frame_size, 1, self.kW)))
        self.register_parameter("bias", np.zeros(self.input_frame_size))
        self.reset()

    def _setup(self, input_frame_size, kW, dW, feat_first):
        self.input_frame_size, self.kW, self.dW = int(input_frame_size), int(kW), int(dW)
        self.feat_first = bool(feat_first)
        if min(self.input_frame_size, self.kW, self.dW) < 1:
            raise ValueError(f"{type(self).__name__}: input_frame_size, kW and dW must be >= 1, got "
                             f"input_frame_size={input_frame_size}, kW={kW}, dW={dW}")

    def reset(self, stdv=None):
        """Torch7's init: weight and bias U(-a, a), a = 1/sqrt(kW*input_frame_size), or stdv * sqrt(3) when given."""
        reset_uniform(stdv, self.kW * self.input_frame_size, self.weight, self.bias)
        return self

    def _taps(self):
        """The weight as the kernels' (F, kW) taps."""
        return self.weight[:, 0]

    def _grad_taps(self):
        """Where the kernels accumulate the taps' gradient (a view of grad_weight here)."""
        return self.grad_weight[:, 0]

    def _finish_grad_taps(self, taps):
        """Move the accumulated taps' gradient into grad_weight (nothing to do here)."""

    def _rows(self, a):
        """A 3-D array in the module's layout as the kernels' (N, F, T) view."""
        return a if self.feat_first else a.transpose(0, 2, 1)

    def update_output(self, input):
        x = check_frames(self, input, self.input_frame_size, self.kW, self.feat_first)
        T = x.shape[2] if self.feat_first else x.shape[1]
        oT = (T - self.kW) // self.dW + 1
        F = self.input_frame_size
        out = self._buffer("_out", (x.shape[0], F, oT) if self.feat_first else (x.shape[0], oT, F))
        K.temporal_row_convolution_update_output(self._rows(x), self._taps(), self.bias, self.dW,
                                                 self._rows(out))
        self.output = out if input.ndim == 3 else out[0]
        return self.output

    def _operands(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        x = input if input.ndim == 3 else input[None]
        gy = np.asarray(grad_output, dtype=self.dtype).reshape(self._out.shape)
        return x, gy

    def update_grad_input(self, input, grad_output):
        x, gy = self._operands(input, grad_output)
        gx = self._buffer("_gx", x.shape)
        K.temporal_row_convolution_update_grad_input(self._rows(gy), self._taps(), self.dW, self._rows(gx))
        self.grad_input = gx if input.ndim == 3 else gx[0]
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        x, gy = self._operands(input, grad_output)
        taps = self._grad_taps()
        K.temporal_row_convolution_acc_grad_parameters(self._rows(x), self._rows(gy), self.dW, taps, self.grad_bias,
                                                       self.dtype.type(scale))
        self._finish_grad_taps(taps)

    def extra_repr(self):
        return f"{self.input_frame_size}, {self.kW}" + (f", {self.dW}" if self.dW != 1 else "") + (
            ", feat_first" if self.feat_first else "")
