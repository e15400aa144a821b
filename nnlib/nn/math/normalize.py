"""`Normalize`: scale each row to unit L_p norm."""
import math

import numpy as np

from .._checks import check_float_input, check_same_shape
from ..module import Module


class Normalize(Module):
    """Divide each (D,) row by its L_p norm, `(sum |x|^p + eps)^(1/p)` (Torch7's nn.Normalize).

    Args:
        p: the norm's order, > 0; `math.inf` for the max norm (`max |x| + eps`).
        eps: keeps the norm away from 0.

    Shape:
        (D,) or (N, D); output as input.
    """

    def __init__(self, p: float, eps: float = 1e-10):
        super().__init__()
        if not p > 0:
            raise ValueError(f"Normalize: p must be > 0 (math.inf for the max norm), got {p}")
        self.p, self.eps = float(p), float(eps)

    def update_output(self, input):
        check_float_input(self, input, (1, 2))
        x = input.reshape(1, -1) if input.ndim == 1 else input
        a = np.abs(x)
        if math.isinf(self.p):
            self._indices = np.argmax(a, axis=1)[:, None]
            self._norm = np.take_along_axis(a, self._indices, axis=1) + self.eps
        else:
            self._normp = np.sum(a ** self.p, axis=1, keepdims=True) + self.eps
            self._norm = self._normp ** (1 / self.p)
        out = self._buffer("_out", x.shape)
        np.divide(x, self._norm, out=out)
        self.output = out.reshape(input.shape)
        return self.output

    def update_grad_input(self, input, grad_output):
        """Torch7's formula: gy / norm - x |x|^(p-2) (x . gy) / (normp norm)."""
        check_same_shape(self, self.output, grad_output)
        x = input.reshape(1, -1) if input.ndim == 1 else input
        gy = grad_output.reshape(x.shape)
        cross = np.sum(x * gy, axis=1, keepdims=True)
        if math.isinf(self.p):
            weight = np.zeros_like(x)
            np.put_along_axis(weight, self._indices, np.take_along_axis(x, self._indices, axis=1) / self._norm, axis=1)
            denominator = self._norm * self._norm
            gx = (self._norm * gy - weight * cross) / denominator
        else:
            p = self.p
            if p == 2:
                weight = x
            elif p % 2:
                a = np.abs(x) + (self.eps if p < 2 else 0.0)  # Torch7 adds eps where |x|^(p-2) could blow up
                weight = a ** (p - 2) * x
            else:
                weight = x ** (p - 2) * x
            gx = (self._normp * gy - weight * cross) / (self._normp * self._norm)
        out = self._buffer("_gx", x.shape)
        np.copyto(out, gx)
        self.grad_input = out.reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        return f"{self.p:g}" + (f", eps={self.eps:g}" if self.eps != 1e-10 else "")
