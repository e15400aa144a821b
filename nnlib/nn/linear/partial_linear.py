"""`PartialLinear`: a Linear layer restricted to a chosen subset of its outputs."""
import numpy as np

from ...random import get_rng
from .._checks import check_float_input, check_same_shape, describe
from ..module import Module


class PartialLinear(Module):
    """y = x @ weight[partition].T + bias[0, partition]: only the outputs in `partition` are computed.

    Useful to train on a subset of the outputs (e.g. sampled classes) and use
    the full layer at test time: all parameters are kept, and
    `reset_partition()` makes it a plain Linear again. As in Torch7 (whose
    weight is a LookupTable's), `weight` starts N(0, 1) and `bias` at 0.

    Args:
        input_size: features per sample.
        output_size: outputs of the full layer.
        bias: learn `bias` (default True).

    Shape:
        input (N, input_size) or (input_size,); output (N, len(partition)) or (len(partition),).
        `weight` is (output_size, input_size), `bias` (1, output_size) as Torch7.
    """

    def __init__(self, input_size: int, output_size: int, bias: bool = True):
        super().__init__()
        self.input_size, self.output_size = int(input_size), int(output_size)
        self.register_parameter("weight", np.zeros((self.output_size, self.input_size)))
        if bias:
            self.register_parameter("bias", np.zeros((1, self.output_size)))
        else:
            self.bias = self.grad_bias = None
        self.reset_partition()
        self.reset()

    def reset(self, stdv=None):
        """weight N(0, 1) (N(0, stdv) when given), Torch7's LookupTable init; bias unchanged."""
        self.weight[...] = get_rng().standard_normal(self.weight.shape) * (1.0 if stdv is None else stdv)
        return self

    def set_partition(self, indices):
        """Compute only the outputs `indices` (0-based), in that order; returns self."""
        indices = np.asarray(indices)
        if indices.dtype.kind not in "iu" or indices.ndim != 1:
            raise ValueError(f"{describe(self)}: partition must be a 1-D array of integer output indices (0-based), "
                             f"got {indices.dtype} of shape {indices.shape}")
        if indices.size and (indices.min() < 0 or indices.max() >= self.output_size):
            raise ValueError(f"{describe(self)}: partition index out of range [0, {self.output_size}); "
                             f"indices are 0-based")
        self.partition = indices.astype(np.int64)
        return self

    def reset_partition(self):
        """Compute every output again; returns self."""
        self.partition = np.arange(self.output_size)
        return self

    def update_output(self, input):
        check_float_input(self, input, (1, 2), self.input_size)
        x = input.reshape(1, -1) if input.ndim == 1 else input
        out = x @ self.weight[self.partition].T
        if self.bias is not None:
            out += self.bias[0, self.partition]
        self.output = out[0] if input.ndim == 1 else out
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        gy = grad_output.reshape(-1, self.partition.size)
        self.grad_input = (gy @ self.weight[self.partition]).reshape(input.shape)
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        x = input.reshape(1, -1) if input.ndim == 1 else input
        gy = grad_output.reshape(-1, self.partition.size)
        scale = self.dtype.type(scale)
        np.add.at(self.grad_weight, self.partition, scale * (gy.T @ x))
        if self.bias is not None:
            np.add.at(self.grad_bias[0], self.partition, scale * gy.sum(axis=0))

    def extra_repr(self):
        return f"{self.input_size} -> {self.output_size}" + ("" if self.bias is not None else " without bias")
