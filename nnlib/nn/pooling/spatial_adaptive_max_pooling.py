"""`SpatialAdaptiveMaxPooling`: max pooling to a fixed output size, whatever the input size."""
from ._windows import WindowPooling, adaptive_windows


class SpatialAdaptiveMaxPooling(WindowPooling):
    """Torch7's `SpatialAdaptiveMaxPooling(W, H)`: an H x W output from any input size.

    Output cell (i, j) is the maximum over rows [floor(i*iH/H), ceil((i+1)*iH/H))
    and the columns likewise, so windows may overlap by one pixel.

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
        return self._max_pool(input, self._windows)

    def update_grad_input(self, input, grad_output):
        self.grad_input = self._max_backward(input.shape, grad_output)
        return self.grad_input

    def extra_repr(self):
        return f"W={self.W}, H={self.H}"
