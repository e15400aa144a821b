"""`LookupTableMaskZero`: rnn's LookupTableMaskZero: id -1 (rnn's 0) looks up a zero vector."""
import numpy as np

from ..linear.lookup_table import LookupTable


class LookupTableMaskZero(LookupTable):
    """A LookupTable where the placeholder id -1 (rnn's 0) gives a row of zeros and no gradient.

    Args:
        n_index: number of ids (0-based, 0 .. n_index - 1).
        n_output: embedding size.

    `weight` is (n_index, n_output): rnn's table had an extra first row for
    its id 0, which nnlib's -1 does not need. Padded steps of a batch of
    token sequences (-1) then reach MaskZero, mask_zero() or
    MaskZeroCriterion as zero rows.

    Shape:
        ids (...) int -> (..., n_output).
    """

    def __init__(self, n_index: int, n_output: int):
        super().__init__(n_index, n_output)

    def _split(self, input):
        ids = np.asarray(input)
        if ids.dtype.kind not in "iu":
            return ids, None
        pad = ids == -1
        return np.where(pad, 0, ids), pad

    def update_output(self, input):
        ids, pad = self._split(input)
        out = super().update_output(ids)
        if pad is not None and pad.any():
            out[pad] = 0
        return out

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        ids, pad = self._split(input)
        if pad is not None and pad.any():
            grad_output = np.where(pad[..., None], 0, grad_output).astype(self.dtype)
        super().acc_grad_parameters(ids, grad_output, scale)

    def extra_repr(self):
        return f"{self.n_index}, {self.n_output}"
