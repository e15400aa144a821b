"""`SpatialAdaptiveAveragePooling`: average pooling to a fixed output size, whatever the input size."""
from .._checks import check_same_shape
from ._windows import WindowPooling, adaptive_windows


class SpatialAdaptiveAveragePooling(WindowPooling):
    """Torch7's `SpatialAdaptiveAveragePooling(W, H)`: an H x W output of window means.

    Output cell (i, j) averages rows [floor(i*iH/H), ceil((i+1)*iH/H)) and the
    columns likewise (as SpatialAdaptiveMaxPooling's windows).

    Args:
        W, H: output width and height.

    Shape:
        (N, C, iH, iW) or (C, iH, iW) -> (N, C, H, W) or (C, H, W).
    """

    def __init__(self, W: int, H: int):
        super().__init__()
        self.W, self.H = int(W), int(H)
        if min(self.W, self.H) < 1:
            raise ValueError(f"{type(self).__name__}: output sizes must be >= 1, got W={W}, H={H}")

    def _windows(self, sizes):
        return [adaptive_windows(sizes[0], self.H), adaptive_windows(sizes[1], self.W)]

    def update_output(self, input):
        x, sizes = self._planes(input)
        self._win = self._windows(sizes)
        self.output = self._shaped(self._sum_forward(x, self._win), input, self._win)
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        x, sizes = self._planes(input)
        self.grad_input = self._sum_backward(grad_output, self._win, x.shape[1:]).reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        return f"W={self.W}, H={self.H}"
