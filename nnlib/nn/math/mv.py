"""`MV`: matrix-vector product of a table [matrix, vector] (batched too)."""
import numpy as np

from .._checks import describe
from ..module import Module
from ._products import check_pair


class MV(Module):
    """output = op(M) @ v for input [M, v], op a transpose when `trans` (Torch7's nn.MV).

    Args:
        trans: transpose M (its last two axes) first.

    Shape:
        [(R, C), (C,)] -> (R,), or batched [(N, R, C), (N, C)] -> (N, R) (shapes after the transpose).
    """

    def __init__(self, trans: bool = False):
        super().__init__()
        self.trans = bool(trans)

    def _operands(self, input):
        m, v = check_pair(self, input, ((2, 1), (3, 2)), "M, v")
        op = np.swapaxes(m, -1, -2) if self.trans else m
        if op.shape[-1] != v.shape[-1]:
            raise ValueError(f"{describe(self)}: op(M) of shape {op.shape} does not match the vector's shape {v.shape}")
        return m, v, op

    def update_output(self, input):
        _, v, op = self._operands(input)
        out = self._buffer("_out", op.shape[:-1])
        np.matmul(op, v[..., None], out=out[..., None])
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        m, v, op = self._operands(input)
        if grad_output.shape != self.output.shape:
            raise ValueError(f"{describe(self)}: grad_output shape {grad_output.shape} does not match {self.output.shape}")
        gm, gv = self._buffer("_gm", m.shape), self._buffer("_gv", v.shape)
        if self.trans:
            np.multiply(v[..., :, None], grad_output[..., None, :], out=gm)
        else:
            np.multiply(grad_output[..., :, None], v[..., None, :], out=gm)
        np.matmul(np.swapaxes(op, -1, -2), grad_output[..., None], out=gv[..., None])
        self.grad_input = [gm, gv]
        return self.grad_input

    def extra_repr(self):
        return "trans=True" if self.trans else ""
