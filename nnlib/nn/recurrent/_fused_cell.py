"""Base of the recurrent cells computed by one fused kernel pass per sequence (LSTM, GRU, TorchGRU)."""
import numpy as np

from .._checks import check_float_input, check_same_shape
from .abstract_recurrent import AbstractRecurrent, as_mask


class FusedCell(AbstractRecurrent):
    """The step API (Recursor) and the sequence API (Sequencer) over two methods of the cell:

    `_run_forward(x, mask) -> cache` over a (T, N, input_size) input, the cache holding the
    outputs `h` and the initial states named in `state_names`, and
    `_run_backward(cache, grad_output, *carry, scale) -> (dx, *carry)`, carrying one gradient
    per state back through time. A step's carry is that gradient, or a tuple of them when
    the cell has several states (LSTM's h and c).
    """

    state_names = ("h0",)

    def _state_batch(self):
        """Batch size of the remembered state (one array, or a tuple of them with several states)."""
        return (self._state[0] if len(self.state_names) > 1 else self._state).shape[0]

    def _zero_carry(self, cache):
        return tuple(np.zeros_like(cache[name]) for name in self.state_names)

    # -- step API ---------------------------------------------------------------
    def _step_forward(self, input):
        check_float_input(self, input, (2,), self.input_size)
        mask = self._masks(input, np.ones(input.shape[0], dtype=np.uint8), 1)
        cache = self._run_forward(input[None], mask[None])
        return cache, cache["h"][0]

    def _step_backward(self, cache, input, grad_output, carry, scale):
        check_same_shape(self, cache["h"][0], grad_output)
        if carry is None:
            carry = self._zero_carry(cache)
        elif len(self.state_names) == 1:
            carry = (carry,)
        dx, *carry = self._run_backward(cache, np.ascontiguousarray(grad_output)[None], *carry, scale)
        return dx[0], (tuple(carry) if len(carry) > 1 else carry[0])

    # -- sequence API -------------------------------------------------------------
    def sequence_forward(self, input, mask=None):
        check_float_input(self, input, (3,), self.input_size)
        mask = self._masks(input, as_mask(self, mask, *input.shape[:2]), 2)
        self._seq_cache = self._run_forward(np.ascontiguousarray(input), mask)
        self.output = self._seq_cache["h"]
        return self.output

    def sequence_backward(self, input, grad_output, scale=1.0):
        cache = self._sequence_cache()
        check_same_shape(self, cache["h"], grad_output)
        grads = self._run_backward(cache, np.ascontiguousarray(grad_output), *self._zero_carry(cache), scale)
        self.grad_input = grads[0]
        return self.grad_input

    def _cell_options(self):
        """Settings shown between the sizes and rho in the printout ("" for none)."""
        return ""

    def extra_repr(self):
        rho = super().extra_repr()
        return f"{self.input_size} -> {self.output_size}" + self._cell_options() + (f", {rho}" if rho else "")
