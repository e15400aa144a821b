"""`TemporalMaxPooling`: max pooling over time of (N, T, F) sequences, per feature."""
import numpy as np

from .._checks import check_float_input, describe
from ._windows import WindowPooling, single_windows, strided_windows


class TemporalMaxPooling(WindowPooling):
    """Torch7's `TemporalMaxPooling(kW, dW)`: the maximum of each feature over windows of kW frames moved by dW.

    Args:
        kW: window length in frames.
        dW: stride (default kW).

    Shape:
        (N, T, F) or (T, F) -> (N, oT, F) or (oT, F), oT = floor((T - kW) / dW) + 1.
    """

    def __init__(self, kW: int, dW: int | None = None):
        super().__init__()
        self.kW = int(kW)
        self.dW = self.kW if dW is None else int(dW)
        if min(self.kW, self.dW) < 1:
            raise ValueError(f"{type(self).__name__}: kW and dW must be >= 1, got kW={kW}, dW={dW}")

    def _windows(self, sizes):
        return [strided_windows(sizes[0], self.kW, self.dW, 0), single_windows(sizes[1])]

    def _planes(self, input):
        """Sequences as (N, 1, T, F) planes: windows along T, every feature alone."""
        if isinstance(input, np.ndarray) and input.ndim not in (2, 3):
            raise ValueError(f"{describe(self)}: expected a batch (N, T, F) or one sequence (T, F), "
                             f"got shape {input.shape}")
        check_float_input(self, input, (2, 3))
        if input.shape[-2] < self.kW:
            raise ValueError(f"{describe(self)}: input shape {input.shape} has {input.shape[-2]} frames, "
                             f"fewer than kW={self.kW}")
        x = np.ascontiguousarray(input)
        return x.reshape((-1, 1) + x.shape[-2:]), x.shape[-2:]

    def update_output(self, input):
        return self._max_pool(input, self._windows)

    def update_grad_input(self, input, grad_output):
        self.grad_input = self._max_backward(input.shape, grad_output)
        return self.grad_input

    def extra_repr(self):
        return f"{self.kW}, {self.dW}"
