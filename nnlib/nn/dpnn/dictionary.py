"""`Dictionary`: dpnn's Dictionary, a LookupTable whose updates touch only the rows that were used."""
import numpy as np

from ...kernels import lookup_table as K
from .._checks import describe
from ..linear.lookup_table import LookupTable


class Dictionary(LookupTable):
    """A LookupTable for large vocabularies: zeroing, updating and max-norming visit only the used rows.

    The rows looked up by `acc_grad_parameters` (backward) since the last
    `zero_grad_parameters()` are recorded; `zero_grad_parameters`,
    `update_parameters(lr)` and `max_param_norm` work on those rows only, so a
    training step costs the batch's ids, not the vocabulary. The result equals
    a LookupTable's (the other rows' gradients are zero). `get_parameters()` and
    `parameters()` stay dense (an optim step then updates every row, as dpnn
    warns: use a LookupTable there).

    Args:
        dict_size: number of ids (rows of `weight`).
        embedding_size: size of an embedding.
        acc_update: keep no gradient array (saves a dict_size x embedding_size
            array): train with `backward_update(input, grad_output, lr)` (or
            `acc_update_grad_parameters`), which steps the used rows directly.

    Shape:
        integer ids of any shape (0-based) -> `ids.shape + (embedding_size,)`.
    """

    def __init__(self, dict_size: int, embedding_size: int, acc_update: bool = False):
        super().__init__(dict_size, embedding_size)
        self.acc_update = bool(acc_update)
        if self.acc_update:
            self.grad_weight = np.zeros((0, self.n_output), dtype=self.dtype)
        self._used = np.zeros(self.n_index, dtype=np.bool_)

    def _used_rows(self):
        """The 0-based ids used since the last zero_grad_parameters, ascending."""
        used = self.__dict__.get("_used")
        if used is None or used.shape != (self.n_index,):  # a loaded module: no record yet
            used = self._used = np.zeros(self.n_index, dtype=np.bool_)
        return np.flatnonzero(used)

    def _no_gradient(self, what):
        return ValueError(f"{describe(self)}: built with acc_update=True it keeps no gradient, so {what} is not "
                          "available; train it with backward_update(input, grad_output, lr)")

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        if self.acc_update:
            raise self._no_gradient("accumulating gradients (backward)")
        _, flat = self._flat_ids(input)
        self._used_rows()
        self._used[flat] = True
        super().acc_grad_parameters(input, grad_output, scale)

    def acc_update_grad_parameters(self, input, grad_output, learning_rate):
        """weight[ids] -= learning_rate x this input's gradient rows, in place, no gradient array touched."""
        _, flat = self._flat_ids(input)
        gy = np.ascontiguousarray(grad_output, dtype=self.dtype).reshape(flat.size, self.n_output)
        padding = -1 if self.padding_value is None else self.padding_value
        K.lookup_table_acc_grad_parameters(flat, gy, self.dtype.type(-learning_rate), self.weight, padding, None)
        return self

    def zero_grad_parameters(self):
        """Zero the gradient rows of the used ids, and forget them."""
        rows = self._used_rows()
        if not self.acc_update:
            self.grad_weight[rows] = 0
        self._used[rows] = False

    def update_parameters(self, learning_rate):
        """weight[used] -= learning_rate * grad_weight[used]."""
        if self.acc_update:
            raise self._no_gradient("update_parameters")
        rows = self._used_rows()
        self.weight[rows] -= self.dtype.type(learning_rate) * self.grad_weight[rows]

    def max_param_norm(self, max_out_norm):
        """Renormalise the used rows to an L2 norm of at most max_out_norm (Module.max_param_norm's rule)."""
        rows = self._used_rows()
        K.lookup_table_renorm(self.weight, rows.astype(np.int64), float(max_out_norm), 2.0)
        return self

    def get_parameters(self):
        if self.acc_update:
            raise self._no_gradient("get_parameters")
        return super().get_parameters()

    def extra_repr(self):
        return super().extra_repr() + (", acc_update" if self.acc_update else "")
