"""`WeightedEuclidean`: distances to learned templates, each with a learned diagonal scaling."""
import numpy as np

from ...kernels import euclidean as K
from .._init import reset_uniform
from ..module import Module
from ._distance import as_batch, grad_over_distance


class WeightedEuclidean(Module):
    """y_j = || c_j * (x - w_j) ||: Euclidean with a learned diagonal (inverse) covariance per template.

    `weight` (templates) and `diag_cov` (Torch7's `diagCov`) are both
    (input_size, output_size), column j for template j; `diag_cov` starts at 1.

    Args:
        input_size: features per sample.
        output_size: number of templates.

    Shape:
        input (input_size,) or (N, input_size); output (output_size,) or (N, output_size).
    """

    def __init__(self, input_size: int, output_size: int):
        super().__init__()
        self.input_size, self.output_size = int(input_size), int(output_size)
        self.register_parameter("weight", np.zeros((self.input_size, self.output_size)))
        self.register_parameter("diag_cov", np.ones((self.input_size, self.output_size)))
        self.reset()

    def reset(self, stdv=None):
        """weight U(-a, a) with a = 1/sqrt(input_size), or stdv * sqrt(3) when given; diag_cov 1 (Torch7)."""
        reset_uniform(stdv, self.input_size, self.weight)
        self.diag_cov[...] = 1
        return self

    def update_output(self, input):
        x = as_batch(self, input)
        out = self._buffer("_out", (x.shape[0], self.output_size))
        K.weighted_euclidean_update_output(x, self.weight, self.diag_cov, out)
        self.output = out[0] if input.ndim == 1 else out
        return self.output

    def update_grad_input(self, input, grad_output):
        # dy_j/dx = c_j^2 (x - w_j) / y_j:  grad_input = x * (d @ C2^T) - d @ (C2 W)^T
        x, d = as_batch(self, input), grad_over_distance(self, grad_output)
        c2 = self.diag_cov * self.diag_cov
        gx = x * (d @ c2.T)
        gx -= d @ (c2 * self.weight).T
        self.grad_input = gx.reshape(input.shape)
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        # dy_j/dw_j = c_j^2 (w_j - x) / y_j,  dy_j/dc_j = c_j (x - w_j)^2 / y_j
        x, d = as_batch(self, input), grad_over_distance(self, grad_output)
        scale = self.dtype.type(scale)
        d_sum, xd = d.sum(axis=0), x.T @ d
        w, c = self.weight, self.diag_cov
        self.grad_weight += scale * (c * c) * (w * d_sum - xd)
        self.grad_diag_cov += scale * c * ((x * x).T @ d - 2 * w * xd + w * w * d_sum)

    def extra_repr(self):
        return f"{self.input_size} -> {self.output_size}"
