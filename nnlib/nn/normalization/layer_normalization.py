"""`LayerNormalization`: normalise each sample over its features (Ba et al., 2016), torch/nn's version."""
import numpy as np

from .._checks import check_float_input, check_same_shape
from ..module import Module


class LayerNormalization(Module):
    """torch/nn's `LayerNormalization(n_output, bias, eps, affine)`.

    y = sqrt(n) * (x - mean(x)) / sqrt(sum((x - mean(x))^2) + eps) * weight + bias,
    over the features of each sample: torch/nn's chain of Mean, CSubTable,
    Normalize(2, eps), MulConstant(sqrt(n)), CMul and Add, computed directly
    (eps sits inside the square root of the summed squares, not of the variance
    as in PyTorch's layer_norm).

    Args:
        n_output: number of features n.
        bias: initial value of `bias` (default 0); `weight` starts at 1.
        eps: added to the sum of squares (default 1e-10).
        affine: whether to learn `weight` and `bias` (default True).

    Shape:
        (N, n) or (n,), unchanged.
    """

    def __init__(self, n_output: int, bias: float = 0, eps: float = 1e-10, affine: bool = True):
        super().__init__()
        self.n_output, self.initial_bias, self.eps, self.affine = int(n_output), float(bias), float(eps), bool(affine)
        if self.affine:
            self.register_parameter("weight", np.ones(self.n_output))
            self.register_parameter("bias", np.full(self.n_output, self.initial_bias))

    def reset(self, stdv=None):
        """weight 1 and bias the constructor's value, as torch/nn's constructor sets them (`stdv` is ignored)."""
        if self.affine:
            self.weight.fill(1)
            self.bias.fill(self.initial_bias)
        return self

    def update_output(self, input):
        check_float_input(self, input, (1, 2), self.n_output)
        x = input.reshape(-1, self.n_output)
        self._centered = x - x.mean(axis=1, keepdims=True)
        self._norm = np.sqrt(np.einsum("ij,ij->i", self._centered, self._centered) + self.eps)[:, None]
        self._normalized = self._centered * (np.sqrt(self.dtype.type(self.n_output)) / self._norm)
        y = self._normalized * self.weight + self.bias if self.affine else self._normalized
        self.output = y.astype(self.dtype, copy=False).reshape(input.shape)
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        g = grad_output.reshape(-1, self.n_output)
        if self.affine:
            g = g * self.weight
        c, norm = self._centered, self._norm
        projection = np.einsum("ij,ij->i", g, c)[:, None] / (norm * norm)
        gc = (g - c * projection) * (np.sqrt(self.dtype.type(self.n_output)) / norm)
        self.grad_input = (gc - gc.mean(axis=1, keepdims=True)).astype(self.dtype, copy=False).reshape(input.shape)
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        if self.affine:
            g = grad_output.reshape(-1, self.n_output)
            self.grad_weight += scale * np.einsum("ij,ij->j", g, self._normalized)
            self.grad_bias += scale * g.sum(axis=0)

    def extra_repr(self):
        extra = [str(self.n_output)]
        if self.initial_bias:
            extra.append(f"bias={self.initial_bias:g}")
        if self.eps != 1e-10:
            extra.append(f"eps={self.eps:g}")
        if not self.affine:
            extra.append("affine=False")
        return ", ".join(extra)
