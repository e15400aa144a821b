"""`BiSequencer`: a bidirectional sequence layer (rnn's BiSequencer)."""
import numpy as np

from .abstract_recurrent import as_mask
from ..container.container import Container
from ..module import Module
from .sequencer import Sequencer


def _mask_or_none(owner, mask, x):
    return None if mask is None else as_mask(owner, mask, *x.shape[:2])


def _add_grads(a, b):
    """Sum of two input gradients; id inputs have empty gradients."""
    if a.size == 0 or b.size == 0:
        return a if a.size == 0 else b
    return a + b


class BiSequencer(Container):
    """output[t] = [forward(x)[t], backward(reversed x)[t]], concatenated over features.

    `forward_module` runs from step 0 to T-1, `backward_module` (default: a
    fresh copy of `forward_module`, re-initialised) from T-1 down to 0, each
    wrapped in a Sequencer. With a mask, padded steps are skipped by both
    directions (right padding becomes left padding for the backward pass,
    which the mask's state reset handles).

    Args:
        forward_module: the module run from step 0 to T-1.
        backward_module: the module run from T-1 down to 0 (default: a re-initialised copy of `forward_module`).

    Shape:
        Input: (T, N, F), output (T, N, 2 H) for children with H outputs each; mask (T, N) optional.
    """

    takes_sequences = True  # inside a Sequencer it gets whole sequences

    def __init__(self, forward_module: Module, backward_module: Module | None = None):
        backward_module = forward_module.clone().reset() if backward_module is None else backward_module
        super().__init__(Sequencer(forward_module), Sequencer(backward_module))

    def forget(self):
        """Drop the recurrent state of both directions."""
        for s in self.modules:
            s.forget()
        return self

    def update_output(self, input, mask=None):
        input = np.asarray(input)
        mask = _mask_or_none(self, mask, input)
        fwd = self.modules[0].forward(input, mask=mask)
        rev_mask = None if mask is None else np.ascontiguousarray(mask[::-1])
        bwd = self.modules[1].forward(np.ascontiguousarray(input[::-1]), mask=rev_mask)[::-1]
        self._split = fwd.shape[-1]
        self.output = np.concatenate([fwd, bwd], axis=-1)
        return self.output

    forward = update_output
    __call__ = update_output

    def backward(self, input, grad_output, scale=1.0):
        input = np.asarray(input)
        g = np.ascontiguousarray(grad_output)
        gx_f = self.modules[0].backward(input, np.ascontiguousarray(g[..., :self._split]), scale)
        gx_b = self.modules[1].backward(np.ascontiguousarray(input[::-1]),
                                        np.ascontiguousarray(g[::-1, ..., self._split:]), scale)
        self.grad_input = _add_grads(gx_f, gx_b[::-1] if gx_b.size else gx_b)
        return self.grad_input

    def update_grad_input(self, input, grad_output):
        return self.backward(input, grad_output, 0.0)

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        raise NotImplementedError(f"{type(self).__name__}: call backward(input, grad_output, scale)")

    def __repr__(self):
        return self._tree_repr("")
