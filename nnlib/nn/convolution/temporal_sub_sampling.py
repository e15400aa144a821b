"""`TemporalSubSampling`: a scaled sum over windows of frames, per feature."""
import numpy as np

from .._init import reset_uniform
from .temporal_row_convolution import TemporalRowConvolution


class TemporalSubSampling(TemporalRowConvolution):
    """out[n, t, f] = bias[f] + weight[f] * sum_k x[n, t*dW + k, f] (Torch7's TemporalSubSampling).

    A TemporalRowConvolution whose kW taps share one value per feature: its passes,
    with the weight broadcast over the window and the taps' gradients summed.

    Args:
        input_frame_size: features F per frame (also the output's).
        kW: frames per window.
        dW: step between windows (default 1).

    Shape:
        input (N, T, F) or (T, F); output (N, oT, F) or (oT, F), oT = (T - kW) // dW + 1.
        `weight` and `bias` are (F,).
    """

    def __init__(self, input_frame_size: int, kW: int, dW: int = 1):
        super(TemporalRowConvolution, self).__init__()
        self._setup(input_frame_size, kW, dW, False)
        self.register_parameter("weight", np.zeros(self.input_frame_size))
        self.register_parameter("bias", np.zeros(self.input_frame_size))
        self.reset()

    def reset(self, stdv=None):
        """Torch7's init: weight and bias U(-a, a), a = 1/sqrt(kW), or stdv * sqrt(3) when given."""
        reset_uniform(stdv, self.kW, self.weight, self.bias)
        return self

    def _taps(self):
        return np.broadcast_to(self.weight[:, None], (self.input_frame_size, self.kW))

    def _grad_taps(self):
        taps = self._buffer("_grad_tap_sums", (self.input_frame_size, self.kW))
        taps.fill(0)
        return taps

    def _finish_grad_taps(self, taps):
        self.grad_weight += taps.sum(axis=1)

    def extra_repr(self):
        return f"{self.input_frame_size}, {self.kW}" + (f", {self.dW}" if self.dW != 1 else "")
