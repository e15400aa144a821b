"""`PairwiseDistance`: the p-norm distance of two vectors, or of two batches row by row."""
import numpy as np

from .._checks import check_same_shape, describe
from ._tables import check_pair, reuse_arrays
from ..module import Module

# added to the distance in the gradient's denominator, as Torch7 (no division by zero for equal inputs)
_EPS = 1e-6


class PairwiseDistance(Module):
    """`output[n] = ||input[0][n] - input[1][n]||_p`.

    The gradient w.r.t. input[0] is sign(d) |d|^(p-1) / (output + 1e-6)^(p-1)
    (d = input[0] - input[1]; the 1e-6 as Torch7), input[1]'s its negative.
    Where d is 0 and p = 1 the gradient is 0 (Torch7 picked a random sign).

    Args:
        p: the norm's order (default 2, the Euclidean distance); p >= 1.

    Shape:
        input: a table of two (N, D) batches, or of two (D,) vectors.
        output: (N,); (1,) for vectors, as Torch7.
    """

    def __init__(self, p: float = 2):
        super().__init__()
        if not p >= 1:
            raise ValueError(f"nn.PairwiseDistance: p must be >= 1 (a norm), got {p}")
        self.norm = p

    def update_output(self, input):
        check_pair(self, input)
        a, b = (x.reshape(1, -1) if x.ndim == 1 else x for x in input)
        self._diff = a - b
        out = self._buffer("_out", (a.shape[0],), a.dtype)
        np.power(np.sum(np.abs(self._diff) ** self.norm, axis=1), 1.0 / self.norm, out=out)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_pair(self, input)
        check_same_shape(self, self.output, grad_output)
        if self._diff.size != input[0].size:
            raise ValueError(f"{describe(self)}: input shape {input[0].shape} differs from the forward's; call forward first")
        p = self.norm
        g0, g1 = reuse_arrays(self.grad_input, [x.shape for x in input], grad_output.dtype)
        d = self._diff
        slope = np.sign(d) if p == 1 else np.sign(d) * np.abs(d) ** (p - 1) / ((self.output + _EPS) ** (p - 1))[:, None]
        g0.reshape(d.shape)[...] = slope * grad_output[:, None]
        np.negative(g0, out=g1)
        self.grad_input = [g0, g1]
        return self.grad_input

    def extra_repr(self):
        return "" if self.norm == 2 else f"p={self.norm}"
