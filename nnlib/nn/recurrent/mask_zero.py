"""`MaskZero`: rnn's MaskZero decorator: zero input rows give zero output rows and zero gradients."""
import numpy as np

from ..container.decorator import Decorator
from ..module import Module
from .abstract_recurrent import AbstractRecurrent, nonzero_rows


def first_array(owner, x):
    """The first array of a (nested) table input, as rnn's recursiveGetFirst."""
    while isinstance(x, (list, tuple)):
        if not x:
            raise ValueError(f"{owner!r}: expected an array or a non-empty table input")
        x = x[0]
    return np.asarray(x)


def real_rows(owner, input, n_input_dim):
    """(keep, batched): keep is 1 for each real row (uint8, shape (N,) or ()), 0 for a zero row (ids: all -1)."""
    first = first_array(owner, input)
    lead = first.ndim - n_input_dim
    if lead not in (0, 1):
        raise ValueError(f"{owner!r}: input has {first.ndim} dims, expected n_input_dim={n_input_dim} "
                         f"(one row) or {n_input_dim + 1} (a batch of rows)")
    return nonzero_rows(first, lead), lead == 1


def apply_mask(x, keep):
    """x (or each array of a table) with the rows where keep is 0 set to zero; empty arrays as they are."""
    if isinstance(x, (list, tuple)):
        return [apply_mask(v, keep) for v in x]
    x = np.asarray(x)
    if x.size == 0 or x.dtype.kind != "f":
        return x
    return x * keep.reshape(keep.shape + (1,) * (x.ndim - keep.ndim)).astype(x.dtype)


class MaskZero(Decorator):
    """Zeroes the output rows (and gradients) of `module` where the input row is all zeros.

    Args:
        module: the decorated module. A recurrent module gets `mask_zero()`
            too, so its state is reset at the zero rows (rnn advises
            `module:maskZero()` for that; both work here).
        n_input_dim: dims of one row of the (first) input: an input of
            n_input_dim dims is one row, of n_input_dim + 1 a batch.

    Integer inputs (token ids) mark a padding row with ids -1 (rnn's 0).

    Shape:
        as the decorated module; the mask is the (N,) zero rows of the first input.
    """

    def __init__(self, module: Module, n_input_dim: int):
        super().__init__(module)
        self.n_input_dim = int(n_input_dim)
        if isinstance(module, AbstractRecurrent):
            module.mask_zero(n_input_dim)

    def update_output(self, input):
        self._keep = real_rows(self, input, self.n_input_dim)[0]
        self.output = apply_mask(self.module.update_output(input), self._keep)
        return self.output

    def update_grad_input(self, input, grad_output):
        keep = real_rows(self, input, self.n_input_dim)[0]
        self.grad_input = apply_mask(self.module.update_grad_input(input, apply_mask(grad_output, keep)), keep)
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        keep = real_rows(self, input, self.n_input_dim)[0]
        self.module.acc_grad_parameters(input, apply_mask(grad_output, keep), scale)

    def backward(self, input, grad_output, scale=1.0):
        keep = real_rows(self, input, self.n_input_dim)[0]
        self.grad_input = apply_mask(self.module.backward(input, apply_mask(grad_output, keep), scale), keep)
        return self.grad_input

    def __repr__(self):
        return f"nn.{type(self).__name__}({self.n_input_dim}) @ " + repr(self.module)
