"""`SpatialLPPooling`: the p-norm of each window of NCHW images."""
from .._checks import check_same_shape, check_spatial_input
from ._windows import WindowPooling, strided_windows, sum_windows


class SpatialLPPooling(WindowPooling):
    """Torch7's `SpatialLPPooling(n_input_plane, p_norm, kW, kH, dW, dH)`: y = (sum over the window of x^p)^(1/p).

    Torch7 builds it as Power(p) (Square for p = 2), SpatialAveragePooling,
    MulConstant(kW*kH) and Power(1/p) (Sqrt); this computes the same directly,
    with the same gradient (zero through windows whose output is 0). Like
    `torch.nn.functional.lp_pool2d`, a non-integer p gives NaN on negative inputs.

    Args:
        n_input_plane: number of input planes C.
        p_norm: the norm's p (> 0).
        kW, kH: window size.
        dW, dH: strides (default: the window size).

    Shape:
        (N, C, H, W) or (C, H, W) -> (N, C, oH, oW), oH = floor((H - kH) / dH) + 1, oW alike.
    """

    def __init__(self, n_input_plane: int, p_norm: float, kW: int, kH: int, dW: int | None = None,
                 dH: int | None = None):
        super().__init__()
        self.n_input_plane, self.p_norm = int(n_input_plane), float(p_norm)
        self.kW, self.kH = int(kW), int(kH)
        self.dW = self.kW if dW is None else int(dW)
        self.dH = self.kH if dH is None else int(dH)
        if self.p_norm <= 0 or min(self.kW, self.kH, self.dW, self.dH) < 1:
            raise ValueError(f"{type(self).__name__}: p_norm must be > 0 and kernel sizes and strides >= 1, "
                             f"got p_norm={p_norm}, kW={kW}, kH={kH}, dW={dW}, dH={dH}")

    def _windows(self, sizes):
        return [sum_windows(strided_windows(sizes[0], self.kH, self.dH, 0)),
                sum_windows(strided_windows(sizes[1], self.kW, self.dW, 0))]

    def update_output(self, input):
        check_spatial_input(self, input, self.n_input_plane)
        x, sizes = self._planes(input)
        self._win = self._windows(sizes)
        self._check_output(input, self._win)
        self.output = self._shaped(self._lp_forward(x, self._win, self.p_norm), input, self._win)
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        x, _ = self._planes(input)
        self.grad_input = self._lp_backward(x, grad_output, self._win, self.p_norm).reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        return f"{self.n_input_plane}, p={self.p_norm:g}, {self.kW}x{self.kH}, {self.dW},{self.dH}"
