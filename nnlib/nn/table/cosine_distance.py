"""`CosineDistance`: the cosine similarity of two vectors, or of two batches row by row."""
import numpy as np

from .._checks import check_same_shape
from ._tables import check_pair, reuse_arrays
from ..module import Module

# added to each squared norm, as Torch7, so a zero vector gives 0 instead of NaN
_EPS = 1e-12


class CosineDistance(Module):
    """output[n] = <a_n, b_n> / sqrt((|a_n|^2 + 1e-12) (|b_n|^2 + 1e-12)), a = input[0], b = input[1].

    (Torch7's name: it is the cosine similarity, 1 for parallel vectors.)

    Shape:
        input: a table of two (N, D) batches, or of two (D,) vectors.
        output: (N,); (1,) for vectors, as Torch7.
    """

    def update_output(self, input):
        check_pair(self, input)
        a, b = (x.reshape(1, -1) if x.ndim == 1 else x for x in input)
        self._dot = np.einsum("nd,nd->n", a, b)
        self._inv_aa = 1 / (np.einsum("nd,nd->n", a, a) + _EPS)
        self._inv_bb = 1 / (np.einsum("nd,nd->n", b, b) + _EPS)
        self._inv_norms = np.sqrt(self._inv_aa * self._inv_bb)
        out = self._buffer("_out", (a.shape[0],), a.dtype)
        np.multiply(self._dot, self._inv_norms, out=out)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_pair(self, input)
        check_same_shape(self, self.output, grad_output)
        a, b = (x.reshape(1, -1) if x.ndim == 1 else x for x in input)
        g0, g1 = reuse_arrays(self.grad_input, [x.shape for x in input], grad_output.dtype)
        scale = (grad_output * self._inv_norms)[:, None]
        # d cos / da = (b - <a,b>/|a|^2 a) / (|a| |b|), and symmetrically for b
        g0.reshape(a.shape)[...] = scale * (b - (self._dot * self._inv_aa)[:, None] * a)
        g1.reshape(a.shape)[...] = scale * (a - (self._dot * self._inv_bb)[:, None] * b)
        self.grad_input = [g0, g1]
        return self.grad_input
