"""`IndexLinear`: a Linear layer on sparse {keys, values} inputs, updating only the rows it saw."""
import numpy as np

from ...kernels import sparse_linear as K
from .._checks import check_same_shape, describe
from .._init import reset_uniform
from ..module import Module

NORMALIZE_COLUMNS = 4
"""Per-feature columns before the weights in normalised mode: max |value|, its inverse, update scale, offset."""


class IndexLinear(Module):
    """y = bias + sum_i values[i] * weight[keys[i] + keys_offset, :] (Torch7's IndexLinear).

    Input formats (Torch7's), keys 0-based integer arrays and values float arrays:
    `[keys, values]` for one sample; `[[keys_1, ..., keys_N], [values_1, ..., values_N]]`
    for a batch; `[flat_keys, flat_values, sizes]` for a batch concatenated.

    With `normalize`, each feature's value is first normalised by the largest
    |value| seen in training and shifted by a learned per-feature offset;
    `weight` then carries 4 leading columns per feature (max, 1/max, update
    scale, offset) before the `output_size` weights, as Torch7's.

    The weight gradient is dense here (Torch7 keeps a list of touched rows);
    the rows a `backward` touched are remembered until `zero_grad_parameters`,
    which zeroes only those rows, and `update_parameters` updates only those
    rows (with Torch7's sparse weight decay `weight_decay` and, normalised,
    each row's update scale). As in Torch7, `weight` and `bias` start at 0:
    call `reset()` for a random start.

    Args:
        input_size: number of features (rows of `weight`).
        output_size: outputs.
        do_grad_input: compute `grad_input` as [keys, values] holding every feature, in the
            input's form ((N, input_size) arrays for the flat form; not in normalised mode);
            otherwise it is an empty list, as Torch7's.
        keys_offset: added to every key to give its row (default 0).
        weight, bias: existing arrays to use (shared, not copied); the sizes then come from them.
        normalize: Torch7's max-abs normalisation of the inputs (default False).

    Shape:
        output (output_size,) for one sample, (N, output_size) for a batch.
        `weight` (input_size, output_size [+ 4]), `bias` (output_size,).
    """

    transient_attributes = ("_parsed",)

    def __init__(self, input_size: int, output_size: int, do_grad_input: bool = False, keys_offset: int = 0,
                 weight: np.ndarray | None = None, bias: np.ndarray | None = None,
                 normalize: bool = False):
        super().__init__()
        self.normalize = NORMALIZE_COLUMNS if normalize else 0
        if weight is not None:
            self.dtype = np.dtype(weight.dtype)
            input_size, output_size = weight.shape[0], weight.shape[1] - self.normalize
        self.input_size, self.output_size = int(input_size), int(output_size)
        self.do_grad_input = bool(do_grad_input)
        self.keys_offset = int(keys_offset)
        self.weight_decay = 0.0
        self.register_parameter("weight", np.zeros((self.input_size, self.output_size + self.normalize))
                                if weight is None else weight)
        self.register_parameter("bias", np.zeros(self.output_size) if bias is None else bias)
        if self.bias.shape != (self.output_size,):
            raise ValueError(f"{describe(self)}: bias shape {self.bias.shape} does not match ({self.output_size},)")
        self._touched = []

    def reset(self, stdv=None):
        """weight U(-a, a), a = 1/sqrt(weight.shape[1]) (stdv * sqrt(3) when given), bias the same
        times 1e-6, the normalisation columns 0 (Torch7)."""
        reset_uniform(stdv, self.weight.shape[1], self.weight, self.bias)
        self.bias *= self.dtype.type(1e-6)
        self.weight[:, :self.normalize] = 0
        return self

    def _entries(self, input, forward=False):
        """The parsed input: parsed afresh by the forward pass, and reused by the backward passes for the
        same input object (as Torch7 keeps its formatted input), so a step checks the sparse input once."""
        cached = getattr(self, "_parsed", None)
        if forward or cached is None or cached[0] is not input:
            self._parsed = (input, self._parse(input))
        return self._parsed[1]

    def _parse(self, input):
        """(starts, rows, vals, form) with form 'one', 'list' or 'flat'."""
        expected = ("[keys, values] for one sample, [[keys...], [values...]] or [flat_keys, flat_values, sizes] "
                    "for a batch")
        if not isinstance(input, (list, tuple)) or len(input) not in (2, 3):
            raise ValueError(f"{describe(self)}: expected a table {expected}, got {type(input).__name__}")
        if len(input) == 3:
            keys, vals, sizes = input[0], input[1], np.atleast_1d(np.asarray(input[2]))
            form = "flat"
        elif isinstance(input[0], (list, tuple)) and isinstance(input[1], (list, tuple)):
            if len(input[0]) != len(input[1]):
                raise ValueError(f"{describe(self)}: {len(input[0])} key arrays but {len(input[1])} value arrays")
            keys, vals, form = input[0], input[1], "list"
            sizes = np.array([np.shape(k)[0] if np.ndim(k) == 1 else -1 for k in keys], np.int64)
        else:
            keys, vals, form = [input[0]], [input[1]], "one"
            sizes = np.array([np.shape(input[0])[0] if np.ndim(input[0]) == 1 else -1], np.int64)
        for k, v in zip(keys if form != "flat" else [keys], vals if form != "flat" else [vals]):
            if not (isinstance(k, np.ndarray) and isinstance(v, np.ndarray) and k.ndim == 1 and v.ndim == 1
                    and k.dtype.kind in "iu" and v.dtype == self.dtype and k.shape == v.shape):
                raise ValueError(f"{describe(self)}: expected 1-D integer keys and 1-D {self.dtype} values of one "
                                 f"length ({expected})")
        if form != "flat":
            keys, vals = (np.concatenate(keys), np.concatenate(vals)) if keys else (np.zeros(0, np.int64),
                                                                                   np.zeros(0, self.dtype))
        if sizes.dtype.kind not in "iu" or sizes.ndim != 1 or sizes.sum() != keys.size or (sizes < 0).any():
            raise ValueError(f"{describe(self)}: sizes {sizes} do not add up to the {keys.size} keys")
        starts = np.zeros(sizes.size + 1, np.int64)
        np.cumsum(sizes, out=starts[1:])
        rows = keys.astype(np.int64) + self.keys_offset
        if rows.size and (rows.min() < 0 or rows.max() >= self.input_size):
            bad = keys[(rows < 0) | (rows >= self.input_size)][0]
            raise ValueError(f"{describe(self)}: key {bad} + keys_offset {self.keys_offset} is out of range "
                             f"[0, {self.input_size}); keys are 0-based")
        return starts, rows, np.ascontiguousarray(vals), form

    def _values(self, rows, vals):
        """The values the weights multiply: normalised ones (kept for the backward) or the input's."""
        if not self.normalize:
            return vals
        normalized = self._buffer("_normalized", vals.shape)
        K.index_linear_normalize(rows, vals, self.weight, self.train, normalized)
        return normalized

    def update_output(self, input):
        starts, rows, vals, form = self._entries(input, forward=True)
        values = self._values(rows, vals)
        out = self._buffer("_out", (starts.size - 1, self.output_size))
        K.index_linear_update_output(starts, rows, values, self.weight[:, self.normalize:], self.bias, out)
        self.output = out[0] if form == "one" else out
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        if not self.do_grad_input:
            self.grad_input = []
            return self.grad_input
        if self.normalize:
            raise ValueError(f"{describe(self)}: do_grad_input is not available in normalised mode (as in Torch7)")
        _, _, _, form = self._entries(input)
        gy = grad_output.reshape(-1, self.output_size)
        grads = gy @ self.weight.T
        keys = np.arange(self.input_size) - self.keys_offset
        if form == "one":
            self.grad_input = [keys, grads[0]]
        elif form == "flat":
            self.grad_input = [np.tile(keys, (gy.shape[0], 1)), grads]
        else:
            self.grad_input = [[keys.copy() for _ in range(gy.shape[0])], list(grads)]
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        starts, rows, vals, _ = self._entries(input)
        gy = np.ascontiguousarray(grad_output.reshape(-1, self.output_size))
        scale = self.dtype.type(scale)
        values = self._normalized if self.normalize else vals
        K.index_linear_acc_grad_parameters(starts, rows, values, gy, scale, self.grad_weight[:, self.normalize:])
        if self.normalize:
            K.index_linear_acc_grad_offsets(starts, rows, gy, self.weight[:, self.normalize:], scale,
                                            self.grad_weight[:, self.normalize - 1])
        self.grad_bias += scale * gy.sum(axis=0)
        self._touched.append(rows)

    def _touched_rows(self):
        return np.unique(np.concatenate(self._touched)) if self._touched else np.zeros(0, np.int64)

    def zero_grad_parameters(self):
        """Zero the bias gradient and the weight-gradient rows touched since the last call."""
        self.grad_weight[self._touched_rows()] = 0
        self.grad_bias[...] = 0
        self._touched = []

    def update_parameters(self, learning_rate):
        """SGD on the bias and on the touched rows only, with sparse weight decay (Torch7's)."""
        lr = self.dtype.type(learning_rate)
        self.bias -= lr * self.grad_bias
        rows = self._touched_rows()
        w, g, n = self.weight[rows], self.grad_weight[rows], self.normalize
        factor = w[:, n - 2:n - 1] if n else self.dtype.type(1)  # normalised: each row's update scale
        if n:
            w[:, n - 1] -= lr * factor[:, 0] * g[:, n - 1]
        if self.weight_decay:
            w[:, n:] -= w[:, n:] * (self.dtype.type(self.weight_decay) * factor)
        w[:, n:] -= (lr * factor) * g[:, n:]
        self.weight[rows] = w

    def extra_repr(self):
        return f"{self.input_size} -> {self.output_size}" + (", normalize" if self.normalize else "")
