"""`SeqBRNN`: rnn's SeqBRNN, a bidirectional SeqLSTM with merged outputs."""
import numpy as np

from ..container.container import Container
from ..module import Module
from ..table.c_add_table import CAddTable
from .abstract_recurrent import as_mask
from .seq_lstm import SeqLSTM


class SeqBRNN(Container):
    """merge(SeqLSTM(x), reverse(SeqLSTM'(reverse(x)))): a bidirectional LSTM layer over whole sequences.

    Args:
        input_dim: features of a step's input.
        hidden_dim: hidden size of each direction.
        batch_first: inputs and outputs are (N, T, ...) instead of (T, N, ...).
        merge: the table module joining the two (T, N, H) outputs (default
            CAddTable, as rnn; JoinTable(-1) concatenates).

    `forward(input, mask=None)`: with a (T, N) mask the backward direction
    skips padded steps as the forward one does (right padding read in reverse
    is left padding, handled by the mask's state reset).

    Shape:
        input (T, N, I) -> (T, N, H) with CAddTable.
    """

    takes_sequences = True
    transient_attributes = ("_halves", "_mask")

    def __init__(self, input_dim: int, hidden_dim: int, batch_first: bool = False, merge: Module | None = None):
        self.forward_module = SeqLSTM(input_dim, hidden_dim)
        self.backward_module = SeqLSTM(input_dim, hidden_dim)
        self.merge = CAddTable() if merge is None else merge
        self.batch_first = bool(batch_first)
        super().__init__(self.forward_module, self.backward_module, self.merge)

    def forget(self):
        self.forward_module.forget()
        self.backward_module.forget()
        return self

    def remember(self, mode="both"):
        self.forward_module.remember(mode)
        self.backward_module.remember(mode)
        return self

    def mask_zero(self, n_input_dim=None):
        self.forward_module.mask_zero()
        self.backward_module.mask_zero()
        return self

    def _time_major(self, x):
        x = np.asarray(x)
        return np.ascontiguousarray(x.swapaxes(0, 1)) if self.batch_first else x

    def update_output(self, input, mask=None):
        x = self._time_major(input)
        if x.ndim != 3:
            raise ValueError(f"{self!r}: expected a 3-D sequence, got shape {np.shape(input)}")
        if mask is not None:
            mask = np.asarray(mask)
            mask = as_mask(self, mask.T if self.batch_first else mask, *x.shape[:2])
        rev_mask = None if mask is None else np.ascontiguousarray(mask[::-1])
        fwd = self.forward_module.forward(x, mask)
        bwd = self.backward_module.forward(np.ascontiguousarray(x[::-1]), rev_mask)[::-1]
        self._halves = [fwd, np.ascontiguousarray(bwd)]
        out = self.merge.forward(self._halves)
        if mask is not None:
            out = out * mask[..., None]
        self._mask = mask
        self.output = self._time_major(out)
        return self.output

    forward = update_output
    __call__ = update_output

    def backward(self, input, grad_output, scale=1.0):
        x = self._time_major(input)
        g = self._time_major(grad_output)
        if self._mask is not None:
            g = g * self._mask[..., None]
        g_f, g_b = self.merge.backward(self._halves, g, scale)
        gx = self.forward_module.backward(x, np.ascontiguousarray(g_f), scale)
        gx = gx + self.backward_module.backward(np.ascontiguousarray(x[::-1]), np.ascontiguousarray(g_b[::-1]),
                                                scale)[::-1]
        self.grad_input = self._time_major(gx)
        return self.grad_input

    def update_grad_input(self, input, grad_output):
        return self.backward(input, grad_output, 0.0)

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        raise NotImplementedError("SeqBRNN: call backward(input, grad_output, scale)")

    def __repr__(self):
        return self._tree_repr("")
