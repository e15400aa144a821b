"""`LookupTable`: word embeddings, Torch7's layout and argument order, 0-based ids."""
import numpy as np

from ...kernels import lookup_table as K
from ...random import get_rng
from .._checks import check_same_shape
from ..module import Module


class LookupTable(Module):
    """Maps integer ids of any shape (e.g. (N,) or time-major (T, N)) to rows of `weight`.

    The gradient is a scatter-add into the rows that were looked up (repeated
    ids accumulate).

    Args:
        n_index: number of ids (rows of `weight`).
        n_output: embedding size.
        padding_value: an id whose row gets no gradient (Torch7's `paddingValue`,
            0-based here); None (or -1) for none, the default. Torch7's default 0
            meant none, so a Torch7 `LookupTable(n, d, 0)` is `LookupTable(n, d)` here.
        max_norm: when given, the rows a forward pass uses are first renormalised
            to a `norm_type`-norm of at most `max_norm`.
        norm_type: the p of that norm (default 2).

    Shape:
        input: integer ids of any shape; output `ids.shape + (n_output,)`.
        `weight` is (n_index, n_output), initialised N(0, 1) as in Torch7.
    """

    def __init__(self, n_index: int, n_output: int, padding_value: int | None = None, max_norm: float | None = None,
                 norm_type: float = 2.0):
        super().__init__()
        self.n_index, self.n_output = int(n_index), int(n_output)
        self.set_padding(padding_value)
        self.set_max_norm(max_norm)
        self.set_norm_type(norm_type)
        self.should_scale_grad_by_freq = False
        self.register_parameter("weight", np.zeros((self.n_index, self.n_output)))
        self.reset()

    def set_padding(self, padding_value):
        """The id whose row gets no gradient (None or -1: none); returns self."""
        name = f"nn.LookupTable({self.n_index}, {self.n_output})"
        if padding_value is not None and not isinstance(padding_value, (int, np.integer)):
            raise ValueError(f"{name}: padding_value must be an id (0-based int) or None, got {padding_value!r}")
        if padding_value is not None and not -1 <= padding_value < self.n_index:
            raise ValueError(f"{name}: padding_value {padding_value} is out of range [0, {self.n_index}) "
                             f"(ids are 0-based; None or -1 for none)")
        self.padding_value = None if padding_value is None or padding_value == -1 else int(padding_value)
        return self

    def set_max_norm(self, max_norm):
        """Renormalise looked-up rows to norm <= max_norm (None: never); returns self."""
        self.max_norm = None if max_norm is None else float(max_norm)
        return self

    def set_norm_type(self, norm_type):
        """The p of the max-norm (default 2); returns self."""
        self.norm_type = 2.0 if norm_type is None else float(norm_type)
        return self

    def scale_grad_by_freq(self):
        """Divide each row's gradient by how often its id occurs in the batch (Torch7's scaleGradByFreq)."""
        self.should_scale_grad_by_freq = True
        return self

    def reset(self, stdv=None):
        """N(0, 1) as Torch's LookupTable (N(0, stdv) when given)."""
        self.weight[...] = get_rng().standard_normal(self.weight.shape) * (1.0 if stdv is None else stdv)
        return self

    def _flat_ids(self, input):
        ids = np.asarray(input)
        if ids.dtype.kind not in "iu":
            raise ValueError(f"{self!r}: expected integer ids (0-based), got dtype {ids.dtype}; "
                             f"convert with ids.astype(np.int64)")
        flat = np.ascontiguousarray(ids.reshape(-1), dtype=np.int64)
        if flat.size and (flat.min() < 0 or flat.max() >= self.n_index):
            bad = flat[(flat < 0) | (flat >= self.n_index)][0]
            raise ValueError(f"{self!r}: id {bad} is out of range [0, {self.n_index}); ids are 0-based")
        return ids.shape, flat

    def update_output(self, input):
        shape, flat = self._flat_ids(input)
        if self.max_norm is not None:
            K.lookup_table_renorm(self.weight, np.unique(flat), self.max_norm, self.norm_type)
        out = self._buffer("_out", (flat.size, self.n_output))
        K.lookup_table_update_output(self.weight, flat, out)
        self.output = out.reshape(shape + (self.n_output,))
        return self.output

    def update_grad_input(self, input, grad_output):
        """Ids have no gradient: an empty array, as Torch's empty gradInput."""
        check_same_shape(self, self.output, grad_output)
        self.grad_input = self._buffer("_empty", (0,))
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        _, flat = self._flat_ids(input)
        gy = np.ascontiguousarray(grad_output, dtype=self.dtype).reshape(flat.size, self.n_output)
        counts = (np.bincount(flat, minlength=self.n_index).astype(self.dtype)
                  if self.should_scale_grad_by_freq else None)
        padding = -1 if self.padding_value is None else self.padding_value
        K.lookup_table_acc_grad_parameters(flat, gy, self.dtype.type(scale), self.grad_weight, padding, counts)

    def extra_repr(self):
        return (f"{self.n_index}, {self.n_output}"
                + ("" if self.padding_value is None else f", padding_value={self.padding_value}")
                + ("" if self.max_norm is None else f", max_norm={self.max_norm:g}"))
