"""`DotProduct`: the dot product of two vectors, or of two batches of vectors row by row."""
import numpy as np

from .._checks import check_same_shape
from ._tables import check_pair, reuse_arrays
from ..module import Module


class DotProduct(Module):
    """`output[n] = sum_d input[0][n, d] * input[1][n, d]`.

    Shape:
        input: a table of two (N, D) batches, or of two (D,) vectors.
        output: (N,); (1,) for vectors, as Torch7.
    """

    def update_output(self, input):
        check_pair(self, input)
        a, b = (x.reshape(1, -1) if x.ndim == 1 else x for x in input)
        out = self._buffer("_out", (a.shape[0],), a.dtype)
        np.einsum("nd,nd->n", a, b, out=out)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_pair(self, input)
        check_same_shape(self, self.output, grad_output)
        g0, g1 = reuse_arrays(self.grad_input, [x.shape for x in input], grad_output.dtype)
        go = grad_output.reshape(-1, 1) if input[0].ndim == 2 else grad_output
        np.multiply(input[1], go, out=g0)
        np.multiply(input[0], go, out=g1)
        self.grad_input = [g0, g1]
        return self.grad_input
