"""`TrimZero`: rnn's TrimZero: MaskZero that runs the module on the real rows only."""
import numpy as np

from ..module import Module
from .abstract_recurrent import AbstractRecurrent
from .mask_zero import MaskZero, apply_mask, real_rows


def _take(x, rows):
    if isinstance(x, (list, tuple)):
        return [_take(v, rows) for v in x]
    return np.ascontiguousarray(np.asarray(x)[rows])


def _scatter(part, rows, n):
    """An (n, ...) array (or table) of zeros holding `part` at `rows`."""
    if isinstance(part, (list, tuple)):
        return [_scatter(p, rows, n) for p in part]
    part = np.asarray(part)
    if part.size == 0 and part.ndim == 1:  # an id input's empty gradient
        return part
    out = np.zeros((n,) + part.shape[1:], dtype=part.dtype)
    out[rows] = part
    return out


class TrimZero(MaskZero):
    """Same results as MaskZero, but the zero rows are removed before `module` runs (saves work on padding).

    Args:
        module: the decorated module (not a recurrent one: its state rows
            would not line up from step to step; use MaskZero or mask_zero() there).
        n_input_dim: dims of one row of the (first) input.

    Integer inputs (token ids) mark a padding row with ids -1 (rnn's 0). A
    batch of only zero rows outputs zeros.

    Shape:
        as the decorated module, batch mode (N, ...) only.
    """

    def __init__(self, module: Module, n_input_dim: int):
        if any(isinstance(m, AbstractRecurrent) for m in module.list_modules()):
            raise ValueError(f"TrimZero: {type(module).__name__} holds a recurrent module, whose state rows would "
                             f"not line up after trimming; use MaskZero or the module's mask_zero()")
        super().__init__(module, n_input_dim)

    def _rows(self, input):
        keep, batched = real_rows(self, input, self.n_input_dim)
        if not batched:
            raise ValueError(f"{self!r}: expected a batch of rows ({self.n_input_dim + 1}-D input)")
        rows = np.flatnonzero(keep)
        # a batch without a real row still runs one (zeroed) row, to learn the output's shape
        return (rows if rows.size else np.zeros(1, dtype=np.int64)), keep.size, rows.size == 0

    def update_output(self, input):
        rows, n, empty = self._rows(input)
        part = self.module.update_output(_take(input, rows))
        self.output = _scatter(apply_mask(part, np.zeros(1, dtype=np.uint8)) if empty else part, rows, n)
        return self.output

    def backward(self, input, grad_output, scale=1.0):
        rows, n, empty = self._rows(input)
        gy = _take(grad_output, rows)
        if empty:
            gy = apply_mask(gy, np.zeros(1, dtype=np.uint8))
        self.grad_input = _scatter(self.module.backward(_take(input, rows), gy, scale), rows, n)
        return self.grad_input

    def update_grad_input(self, input, grad_output):
        return self.backward(input, grad_output, 0.0)

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        raise NotImplementedError("TrimZero: call backward(input, grad_output, scale)")
