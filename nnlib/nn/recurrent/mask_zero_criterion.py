"""`MaskZeroCriterion`: rnn's MaskZeroCriterion: the criterion over the rows whose input is not all zeros."""
import numpy as np

from ..criterion.criterion import Criterion
from .mask_zero import real_rows
from .trim_zero import _scatter, _take


class MaskZeroCriterion(Criterion):
    """criterion(input[real], target[real]) where the real rows are those whose input row is not all zeros.

    Args:
        criterion: the decorated criterion.
        n_input_dim: dims of one input row; the input must be a batch
            (n_input_dim + 1 dims), as in rnn (no online mode).

    A batch without a real row has loss 0 and a zero gradient. The zero
    rows get zero gradient. Integer inputs mark padding with -1.

    Shape:
        input (N, ...) (or a table whose first array is), target (N, ...).
    """

    def __init__(self, criterion: Criterion, n_input_dim: int):
        super().__init__()
        self.criterion = criterion
        self.n_input_dim = int(n_input_dim)

    def _rows(self, input):
        keep, batched = real_rows(self, input, self.n_input_dim)
        if not batched:
            raise ValueError(f"{self!r}: expected a batch ({self.n_input_dim + 1}-D input); "
                             f"MaskZeroCriterion has no online (single row) mode")
        return np.flatnonzero(keep), keep.size

    def update_output(self, input, target):
        rows, _ = self._rows(input)
        self.output = 0.0 if rows.size == 0 else float(self.criterion.forward(_take(input, rows), _take(target, rows)))
        return self.output

    def update_grad_input(self, input, target):
        rows, n = self._rows(input)
        if rows.size == 0:
            self.grad_input = _scatter(_take(input, np.zeros(0, dtype=np.int64)), rows, n)
        else:
            self.grad_input = _scatter(self.criterion.backward(_take(input, rows), _take(target, rows)), rows, n)
        return self.grad_input

    def astype(self, dtype):
        super().astype(dtype)
        self.criterion.astype(dtype)
        return self

    def __repr__(self):
        return f"nn.MaskZeroCriterion({self.n_input_dim}) @ {self.criterion!r}"
