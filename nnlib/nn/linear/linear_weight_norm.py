"""`LinearWeightNorm`: a Linear layer with weight = g * v / ||v|| per output unit."""
import numpy as np

from .._init import fill_uniform, reset_uniform
from ..module import Module
from ._weight_norm import acc_weight_norm_grads, row_norms
from .linear import Linear


class LinearWeightNorm(Linear):
    """Linear whose weight rows are re-parameterised as w_j = g_j v_j / ||v_j|| (Torch7's LinearWeightNorm).

    The parameters are `v` (output_size, input_size), `g` (output_size, 1) and
    `bias`; `weight` is derived from them on every training forward (and on
    `evaluate()`), and kept as a buffer, so the forward and input-gradient
    passes are Linear's.

    Args:
        input_size: features per sample.
        output_size: outputs.
        bias: learn `bias` (default True).
        eps: lower clamp of the norms (default 1e-16).

    Shape:
        input (input_size,) or (N, input_size); output (output_size,) or (N, output_size).
    """

    def __init__(self, input_size: int, output_size: int, bias: bool = True, eps: float = 1e-16):
        Module.__init__(self)
        self.input_size, self.output_size = int(input_size), int(output_size)
        self.eps = float(eps)
        self.need_grad_input = True
        self.register_parameter("v", np.zeros((self.output_size, self.input_size)))
        self.register_parameter("g", np.zeros((self.output_size, 1)))
        if bias:
            self.register_parameter("bias", np.zeros(self.output_size))
        else:
            self.bias = self.grad_bias = None
        self.register_buffer("weight", np.zeros((self.output_size, self.input_size)))
        self.grad_weight = None
        self.reset()

    def reset(self, stdv=None):
        """weight U(-a, a), a = 1/sqrt(input_size) (stdv * sqrt(3) when given), then g and v from it; bias alike."""
        bound = reset_uniform(stdv, self.input_size, self.weight)
        self.init_from_weight()
        if self.bias is not None:
            fill_uniform(self.bias, bound)
        return self

    def init_from_weight(self, weight=None):
        """Set v = weight and g = its row norms (the weight is then unchanged); returns self."""
        weight = self.weight if weight is None else weight
        self.g[:, 0] = np.maximum(row_norms(weight), self.eps)
        self.v[...] = weight
        return self

    @classmethod
    def from_linear(cls, linear):
        """A LinearWeightNorm computing what `linear` computes."""
        module = cls(linear.input_size, linear.output_size, linear.bias is not None).astype(linear.dtype)
        module.weight[...] = linear.weight
        module.init_from_weight()
        if linear.bias is not None:
            module.bias[...] = linear.bias
        return module

    def to_linear(self):
        """A Linear with the current weight and bias."""
        self.update_weight_matrix()
        linear = Linear(self.input_size, self.output_size, self.bias is not None).astype(self.dtype)
        linear.weight[...] = self.weight
        if self.bias is not None:
            linear.bias[...] = self.bias
        return linear

    def update_weight_matrix(self):
        """weight = g * v / max(||v||, eps), row by row."""
        self._norm = np.maximum(row_norms(self.v), self.dtype.type(self.eps))
        np.multiply(self.v, (self.g[:, 0] / self._norm)[:, None], out=self.weight)

    def evaluate(self):
        if self.train:
            self.update_weight_matrix()
        return super().evaluate()

    def update_output(self, input):
        if self.train or getattr(self, "_norm", None) is None:
            self.update_weight_matrix()
        return super().update_output(input)

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        x = input.reshape(1, -1) if input.ndim == 1 else input
        gy = grad_output.reshape(1, -1) if grad_output.ndim == 1 else grad_output
        scale = self.dtype.type(scale)
        grad_w = (scale * gy.T) @ x
        acc_weight_norm_grads(self.v, self.g[:, 0], self._norm, grad_w, self.grad_v, self.grad_g[:, 0])
        if self.bias is not None:
            self.grad_bias += scale * gy.sum(axis=0)
