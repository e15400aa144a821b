"""`SparseLinear`: a Linear layer on sparse inputs in Torch7's [index, value] format."""
import numpy as np

from ...kernels import sparse_linear as K
from .._checks import check_same_shape, describe
from .._init import reset_uniform
from ..module import Module


class SparseLinear(Module):
    """y = W x + b for sparse x given as rows of [index, value] (0-based indices).

    Input formats (Torch7's): one sample as an (nnz, 2) array; a batch as a
    list of such arrays (one per sample, nnz may differ), or as an
    (N, nnz, 2) array (Torch7's legacy format). Entries with value 0 are skipped.

    As in Torch7, after exactly one `backward` since `zero_grad_parameters`,
    `zero_grad_parameters` and `update_parameters` called on this module
    touch only the weight columns of that input's non-zero features (plus the
    bias); `weight_decay` (0) adds `weight_decay * weight` to the weight
    gradient in `backward`. A container's (or an optimizer's) dense
    updates of the whole gradient are equivalent without weight decay.

    Args:
        input_size: number of features (indices 0 .. input_size - 1).
        output_size: outputs.
        do_grad_input: compute `grad_input` (dense, per sample an (input_size, 2)
            array of [index, gradient], as Torch7); otherwise it is None.

    Shape:
        output (output_size,) for one sample, (N, output_size) for a batch.
        `weight` is (output_size, input_size), `bias` (output_size,) as Torch7.
    """

    transient_attributes = ("_parsed",)

    def __init__(self, input_size: int, output_size: int, do_grad_input: bool = False):
        super().__init__()
        self.input_size, self.output_size = int(input_size), int(output_size)
        self.do_grad_input = bool(do_grad_input)
        self.weight_decay = 0.0
        self.register_parameter("weight", np.zeros((self.output_size, self.input_size)))
        self.register_parameter("bias", np.zeros(self.output_size))
        self._last_cols = None  # features of the one input accumulated since zero_grad_parameters
        self._accumulations = 0
        self.reset()

    def reset(self, stdv=None):
        """weight U(-a, a), a = 1/sqrt(input_size) (stdv * sqrt(3) when given); bias the same times 1e-6 (Torch7)."""
        reset_uniform(stdv, self.input_size, self.weight, self.bias)
        self.bias *= self.dtype.type(1e-6)
        return self

    def _entries(self, input, forward=False):
        """The parsed input: parsed afresh by the forward pass, and reused by the backward passes for the
        same input object (as Torch7 keeps its formatted input), so a step checks the sparse input once."""
        cached = getattr(self, "_parsed", None)
        if forward or cached is None or cached[0] is not input:
            self._parsed = (input, self._parse(input))
        return self._parsed[1]

    def _parse(self, input):
        """(starts, cols, vals, batched) of a sample, a list of samples or an (N, nnz, 2) array."""
        if isinstance(input, np.ndarray) and input.ndim == 3:
            self._check_sample(input[0] if len(input) else input.reshape(-1, 2), input)
            n, nnz = input.shape[:2]
            starts, flat, batched = np.arange(n + 1, dtype=np.int64) * nnz, input.reshape(-1, 2), True
        else:
            samples, batched = (list(input), True) if isinstance(input, (list, tuple)) else ([input], False)
            for sample in samples:
                self._check_sample(sample, sample)
            starts = np.zeros(len(samples) + 1, np.int64)
            np.cumsum([sample.shape[0] for sample in samples], out=starts[1:])
            flat = np.concatenate(samples) if samples else np.zeros((0, 2), self.dtype)
        cols = flat[:, 0].astype(np.int64)
        if cols.size and (np.any(cols != flat[:, 0]) or cols.min() < 0 or cols.max() >= self.input_size):
            bad = flat[(cols != flat[:, 0]) | (cols < 0) | (cols >= self.input_size), 0][0]
            raise ValueError(f"{describe(self)}: feature index {bad:g} is not an integer in [0, {self.input_size}); "
                             f"indices are 0-based")
        return starts, cols, np.ascontiguousarray(flat[:, 1]), batched

    def _check_sample(self, sample, shown):
        """One (nnz, 2) sample of the module's dtype; the error shows `shown` (the whole input when batched)."""
        if not (isinstance(sample, np.ndarray) and sample.ndim == 2 and sample.shape[1] == 2
                and sample.dtype == self.dtype):
            got = f"{shown.shape} {shown.dtype}" if isinstance(shown, np.ndarray) else type(shown).__name__
            raise ValueError(f"{describe(self)}: expected samples as (nnz, 2) [index, value] arrays of dtype "
                             f"{self.dtype} (one, a list of them, or an (N, nnz, 2) array), got {got}")

    def update_output(self, input):
        starts, cols, vals, batched = self._entries(input, forward=True)
        out = self._buffer("_out", (starts.size - 1, self.output_size))
        K.sparse_linear_update_output(starts, cols, vals, self.weight, self.bias, out)
        self.output = out if batched else out[0]
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        if not self.do_grad_input:
            self.grad_input = None
            return None
        gy = grad_output.reshape(-1, self.output_size)
        grads = np.empty((gy.shape[0], self.input_size, 2), self.dtype)
        grads[:, :, 0] = np.arange(self.input_size)
        grads[:, :, 1] = gy @ self.weight
        if isinstance(input, (list, tuple)):
            self.grad_input = list(grads)
        else:
            self.grad_input = grads if isinstance(input, np.ndarray) and input.ndim == 3 else grads[0]
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        starts, cols, vals, _ = self._entries(input)
        gy = np.ascontiguousarray(grad_output.reshape(-1, self.output_size))
        scale = self.dtype.type(scale)
        K.sparse_linear_acc_grad_parameters(starts, cols, vals, gy, scale, self.grad_weight)
        self.grad_bias += scale * gy.sum(axis=0)
        if self.weight_decay:
            self.grad_weight += self.dtype.type(self.weight_decay) * self.weight
        self._accumulations += 1
        self._last_cols = np.unique(cols[vals != 0])

    def zero_grad_parameters(self):
        """Zero the gradients: only the last input's weight columns after a single backward (Torch7);
        everything when weight decay filled the other columns too."""
        if self._accumulations == 1 and not self.weight_decay:
            self.grad_weight[:, self._last_cols] = 0
            self.grad_bias[...] = 0
        else:
            super().zero_grad_parameters()
        self._accumulations = 0

    def update_parameters(self, learning_rate):
        """SGD step: only the last input's weight columns (and the bias) after a single backward (Torch7)."""
        if self._accumulations == 1:
            lr = self.dtype.type(learning_rate)
            self.weight[:, self._last_cols] -= lr * self.grad_weight[:, self._last_cols]
            self.bias -= lr * self.grad_bias
        else:
            super().update_parameters(learning_rate)

    def extra_repr(self):
        return f"{self.input_size} -> {self.output_size}"
