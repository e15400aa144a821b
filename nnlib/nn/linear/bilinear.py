"""`Bilinear`: y_k = x1^T W_k x2 + b_k over a table of two inputs."""
import numpy as np

from .._checks import check_float_input, describe
from .._init import reset_uniform
from ..module import Module


class Bilinear(Module):
    """y[n, k] = x1[n] . weight[k] @ x2[n] + bias[k], for the table input [x1, x2].

    The products go through BLAS: x1 @ W (all k at once) and a batched
    dot with x2 forward; the two grad-inputs and the weight gradient alike.

    Args:
        input_size1, input_size2: features of x1 and x2.
        output_size: number of outputs.
        bias: learn `bias` (output_size,) (default True).

    Shape:
        input: a list [x1 (N, input_size1), x2 (N, input_size2)]; output (N, output_size).
        `weight` is (output_size, input_size1, input_size2), as Torch7 and torch.nn.Bilinear.
    """

    def __init__(self, input_size1: int, input_size2: int, output_size: int, bias: bool = True):
        super().__init__()
        sizes = (int(input_size1), int(input_size2), int(output_size))
        if min(sizes) < 1:
            raise ValueError(f"Bilinear: input_size1, input_size2 and output_size must be positive, got {sizes}")
        self.input_size1, self.input_size2, self.output_size = sizes
        self.register_parameter("weight", np.zeros((self.output_size, self.input_size1, self.input_size2)))
        if bias:
            self.register_parameter("bias", np.zeros(self.output_size))
        else:
            self.bias = self.grad_bias = None
        self.reset()

    def reset(self, stdv=None):
        """U(-a, a) with a = 1/sqrt(input_size1), or stdv * sqrt(3) when given (Torch7)."""
        reset_uniform(stdv, self.input_size1, self.weight, self.bias)
        return self

    def _check(self, input):
        if not isinstance(input, (list, tuple)) or len(input) != 2:
            raise ValueError(f"{describe(self)}: expected a table [x1 (N, {self.input_size1}), "
                             f"x2 (N, {self.input_size2})], got {type(input).__name__}")
        x1, x2 = input
        check_float_input(self, x1, (2,), self.input_size1)
        check_float_input(self, x2, (2,), self.input_size2)
        if x1.shape[0] != x2.shape[0]:
            raise ValueError(f"{describe(self)}: x1 has {x1.shape[0]} rows and x2 {x2.shape[0]}; "
                             f"expected the same batch")
        return x1, x2

    def _x1_w(self, x1):
        """(x1 @ W_k)[n, k, :] for all k, one GEMM: (N, output_size, input_size2)."""
        w = self.weight.transpose(1, 0, 2).reshape(self.input_size1, -1)
        return (x1 @ w).reshape(x1.shape[0], self.output_size, self.input_size2)

    def update_output(self, input):
        x1, x2 = self._check(input)
        out = (self._x1_w(x1) @ x2[:, :, None])[:, :, 0]
        if self.bias is not None:
            out += self.bias
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        x1, x2 = self._check(input)
        if grad_output.shape != (x1.shape[0], self.output_size):
            raise ValueError(f"{describe(self)}: grad_output shape {grad_output.shape} does not match shape "
                             f"{(x1.shape[0], self.output_size)}")
        gy = grad_output[:, None, :]
        w2 = self.weight.transpose(2, 0, 1).reshape(self.input_size2, -1)   # (in2, K * in1)
        x2_w = (x2 @ w2).reshape(x2.shape[0], self.output_size, self.input_size1)
        self.grad_input = [(gy @ x2_w)[:, 0, :], (gy @ self._x1_w(x1))[:, 0, :]]
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        x1, x2 = self._check(input)
        scale = self.dtype.type(scale)
        n = x1.shape[0]
        gy_x1 = (grad_output[:, :, None] * x1[:, None, :]).reshape(n, -1)    # (N, K * in1)
        self.grad_weight += scale * (gy_x1.T @ x2).reshape(self.weight.shape)
        if self.bias is not None:
            self.grad_bias += scale * grad_output.sum(axis=0)

    def extra_repr(self):
        return (f"{self.input_size1}x{self.input_size2} -> {self.output_size}"
                + ("" if self.bias is not None else " without bias"))
