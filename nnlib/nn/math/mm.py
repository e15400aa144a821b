"""`MM`: matrix-matrix product of a table of two (batches of) matrices."""
import numpy as np

from .._checks import describe
from ..module import Module
from ._products import check_pair


def _t(a):
    return np.swapaxes(a, -1, -2)


class MM(Module):
    """output = op(A) @ op(B) for input [A, B], op a transpose when asked (Torch7's nn.MM).

    Args:
        trans_a: transpose A (its last two axes) first.
        trans_b: transpose B first.

    Shape:
        [(M, K), (K, P)] -> (M, P), or batched [(N, M, K), (N, K, P)] -> (N, M, P)
        (shapes after the transposes).
    """

    def __init__(self, trans_a: bool = False, trans_b: bool = False):
        super().__init__()
        self.trans_a, self.trans_b = bool(trans_a), bool(trans_b)

    def update_output(self, input):
        a, b = check_pair(self, input, ((2, 2), (3, 3)), "A, B")
        a, b = (_t(a) if self.trans_a else a), (_t(b) if self.trans_b else b)
        if a.shape[-1] != b.shape[-2]:
            raise ValueError(f"{describe(self)}: matrix sizes do not match: op(A) is {a.shape}, op(B) is {b.shape}")
        out = self._buffer("_out", a.shape[:-1] + b.shape[-1:])
        np.matmul(a, b, out=out)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        a, b = check_pair(self, input, ((2, 2), (3, 3)), "A, B")
        if grad_output.shape != self.output.shape:
            raise ValueError(f"{describe(self)}: grad_output shape {grad_output.shape} does not match {self.output.shape}")
        ga, gb = self._buffer("_ga", a.shape), self._buffer("_gb", b.shape)
        opb = _t(b) if self.trans_b else b
        opa = _t(a) if self.trans_a else a
        # d/d op(A) = G op(B)^T, d/d op(B) = op(A)^T G; a transposed operand takes the transposed gradient
        if self.trans_a:
            np.matmul(opb, _t(grad_output), out=ga)
        else:
            np.matmul(grad_output, _t(opb), out=ga)
        if self.trans_b:
            np.matmul(_t(grad_output), opa, out=gb)
        else:
            np.matmul(_t(opa), grad_output, out=gb)
        self.grad_input = [ga, gb]
        return self.grad_input

    def extra_repr(self):
        return ", ".join(n for n, on in (("trans_a=True", self.trans_a), ("trans_b=True", self.trans_b)) if on)
