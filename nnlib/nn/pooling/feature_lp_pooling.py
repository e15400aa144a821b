"""`FeatureLPPooling`: the p-norm of groups of neighbouring features (across planes)."""
import numpy as np

from .._checks import check_float_input, check_same_shape, describe
from ._windows import WindowPooling, single_windows, strided_windows, sum_windows


class FeatureLPPooling(WindowPooling):
    """Torch7's `FeatureLPPooling`: the p-norm of groups of `width` consecutive features.

    y = (sum of x^power over `width` consecutive features, moved by `stride`)^(1/power), at every other position.

    Args:
        width: features per group (2..16, as Torch7).
        stride: step between groups (1..4).
        power: the norm's p.
        batch_mode: whether the first axis is the batch (default False).

    Shape:
        batch_mode=False: (F,), (F, A) or (F, A, B); batch_mode=True: (N, F), (N, F, A) or (N, F, A, B);
        F becomes (F - width) // stride + 1.
    """

    def __init__(self, width: int, stride: int, power: float, batch_mode: bool = False):
        super().__init__()
        self.width, self.stride, self.power, self.batch_mode = int(width), int(stride), float(power), bool(batch_mode)
        if not 2 <= self.width <= 16:
            raise ValueError(f"{type(self).__name__}: width must be within 2 to 16, got {width}")
        if not 1 <= self.stride <= 4:
            raise ValueError(f"{type(self).__name__}: stride must be within 1 to 4, got {stride}")
        if self.power <= 0:
            raise ValueError(f"{type(self).__name__}: power must be > 0, got {power}")

    def _planes(self, input):
        """The input as (N, F, A, B) planes (missing axes of size 1)."""
        b = int(self.batch_mode)
        ndims = (1 + b, 2 + b, 3 + b)
        if isinstance(input, np.ndarray) and input.ndim not in ndims:
            layout = "(N, F[, A[, B]])" if b else "(F[, A[, B]])"
            raise ValueError(f"{describe(self)}: expected an input {layout} (batch_mode={self.batch_mode}), "
                             f"got shape {input.shape}")
        check_float_input(self, input, ndims)
        x = np.ascontiguousarray(input)
        shape = x.shape if b else (1,) + x.shape
        shape = shape + (1,) * (4 - len(shape))
        if shape[1] < self.width:
            raise ValueError(f"{describe(self)}: input shape {input.shape} has {shape[1]} features "
                             f"(axis {b}), fewer than width={self.width}")
        return x.reshape(shape), shape

    def update_output(self, input):
        x, shape = self._planes(input)
        self._win = [sum_windows(strided_windows(shape[1], self.width, self.stride, 0)),
                     single_windows(shape[2]), single_windows(shape[3])]
        out = self._lp_forward(x, self._win, self.power)
        axis = int(self.batch_mode)
        self.output = out.reshape(input.shape[:axis] + (out.shape[1],) + input.shape[axis + 1:])
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        x, _ = self._planes(input)
        self.grad_input = self._lp_backward(x, grad_output, self._win, self.power).reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        return f"w{self.width} s{self.stride} power {self.power:g} batch {int(self.batch_mode)}"
