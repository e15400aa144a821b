"""`LookupTable`: word embeddings, Torch7's layout with 0-based ids."""
import numpy as np

from ...kernels import lookup_table as K
from ...random import get_rng
from .._checks import check_same_shape
from ..module import Module


class LookupTable(Module):
    """Maps integer ids of any shape (e.g. (N,) or time-major (T, N)) to rows of `weight`.

    `weight` is (n_index, size), initialised N(0, 1) as in Torch. The output
    has shape `ids.shape + (size,)`. The gradient is a scatter-add into the
    rows that were looked up (repeated ids accumulate). With `max_norm`, the
    rows used by a forward pass are first renormalised to norm <= max_norm
    (Torch's `maxNorm`, p-norm `norm_type`).
    """

    def __init__(self, n_index, size, max_norm=None, norm_type=2.0):
        super().__init__()
        self.n_index, self.size = int(n_index), int(size)
        self.max_norm = None if max_norm is None else float(max_norm)
        self.norm_type = float(norm_type)
        self.register_parameter("weight", np.zeros((self.n_index, self.size)))
        self.reset()

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
        out = self._buffer("_out", (flat.size, self.size))
        K.lookup_table_update_output(self.weight, flat, out)
        self.output = out.reshape(shape + (self.size,))
        return self.output

    def update_grad_input(self, input, grad_output):
        """Ids have no gradient: an empty array, as Torch's empty gradInput."""
        check_same_shape(self, self.output, grad_output)
        self.grad_input = self._buffer("_empty", (0,))
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        _, flat = self._flat_ids(input)
        gy = np.ascontiguousarray(grad_output, dtype=self.dtype).reshape(flat.size, self.size)
        K.lookup_table_acc_grad_parameters(flat, gy, self.dtype.type(scale), self.grad_weight)

    def extra_repr(self):
        return f"{self.n_index}, {self.size}" + ("" if self.max_norm is None else f", max_norm={self.max_norm:g}")
