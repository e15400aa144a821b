"""`LSTM`: rnn's FastLSTM (no peepholes) with fused numba cell kernels."""
import math

import numpy as np

from ...kernels import lstm as K
from ...kernels.sequence_products import acc_recurrent_weight, project_input, project_input_backward
from ...random import get_rng
from .._checks import check_float_input, check_same_shape
from .abstract_recurrent import AbstractRecurrent, as_mask


class LSTM(AbstractRecurrent):
    """Long short-term memory layer, input_size -> output_size.

    Parameters: `weight_x` (4H, I) and `bias` (4H) act on the input (FastLSTM's
    i2g), `weight_h` (4H, H) on the previous output (o2g, no bias). Rows are
    in gate order input, forget, output, cell candidate [i | f | o | g]:
    i, f, o = sigmoid, g = tanh, c_t = f c_{t-1} + i g, h_t = o tanh(c_t).
    The state starts at zero. Step input (N, I); sequence input (T, N, I).
    """

    def __init__(self, input_size, output_size, rho=9999):
        self.input_size, self.output_size = int(input_size), int(output_size)
        super().__init__(rho)
        h, i = self.output_size, self.input_size
        self.register_parameter("weight_x", np.zeros((4 * h, i)))
        self.register_parameter("bias", np.zeros(4 * h))
        self.register_parameter("weight_h", np.zeros((4 * h, h)))
        self.reset()

    def reset(self, stdv=None):
        """Torch's Linear init: U(-1/sqrt(I), 1/sqrt(I)) on the input side, U(-1/sqrt(H), ..) on the recurrent side."""
        rng = get_rng()
        sx = 1.0 / math.sqrt(self.input_size) if stdv is None else stdv
        sh = 1.0 / math.sqrt(self.output_size) if stdv is None else stdv
        self.weight_x[...] = rng.uniform(-sx, sx, self.weight_x.shape)
        self.bias[...] = rng.uniform(-sx, sx, self.bias.shape)
        self.weight_h[...] = rng.uniform(-sh, sh, self.weight_h.shape)
        return self

    def _state_batch(self):
        return self._state[0].shape[0]

    def _initial_state(self, n):
        self._check_state_batch(n)
        if self._state is None:
            z = np.zeros((n, self.output_size), dtype=self.dtype)
            return z, z.copy()
        return self._state

    def _run_forward(self, x, mask):
        steps, n, _ = x.shape
        h0, c0 = self._initial_state(n)
        gates = np.empty((steps, n, 4 * self.output_size), dtype=self.dtype)
        project_input(x, self.weight_x, self.bias, gates)
        h = np.empty((steps, n, self.output_size), dtype=self.dtype)
        c = np.empty_like(h)
        K.lstm_update_output(gates, self.weight_h, h0, c0, mask, h, c)
        self._state = (h[-1], c[-1])
        return dict(x=x, mask=mask, h0=h0, c0=c0, gates=gates, h=h, c=c)

    def _run_backward(self, cache, grad_output, dh, dc, scale):
        x, h, gates = cache["x"], cache["h"], cache["gates"]
        dgates = np.empty_like(gates)
        K.lstm_update_grad_input(grad_output, dh, dc, gates, cache["c0"], cache["c"], cache["mask"],
                                 self.weight_h, dgates)
        dx = project_input_backward(x, self.weight_x, dgates, self.grad_weight_x, self.grad_bias, scale)
        if scale != 0:
            acc_recurrent_weight(cache["h0"], h, dgates, self.grad_weight_h, scale)
        return dx, dh, dc

    # -- step API ---------------------------------------------------------------
    def _step_forward(self, input):
        check_float_input(self, input, (2,), self.input_size)
        cache = self._run_forward(input[None], np.ones((1, input.shape[0]), dtype=np.uint8))
        return cache, cache["h"][0]

    def _step_backward(self, cache, input, grad_output, carry, scale):
        check_same_shape(self, cache["h"][0], grad_output)
        dh, dc = (np.zeros_like(cache["h0"]), np.zeros_like(cache["c0"])) if carry is None else carry
        dx, dh, dc = self._run_backward(cache, np.ascontiguousarray(grad_output)[None], dh, dc, scale)
        return dx[0], (dh, dc)

    # -- sequence API -------------------------------------------------------------
    def sequence_forward(self, input, mask=None):
        check_float_input(self, input, (3,), self.input_size)
        self._seq_cache = self._run_forward(np.ascontiguousarray(input), as_mask(self, mask, *input.shape[:2]))
        self.output = self._seq_cache["h"]
        return self.output

    def sequence_backward(self, input, grad_output, scale=1.0):
        cache = self._sequence_cache()
        check_same_shape(self, cache["h"], grad_output)
        dh, dc = np.zeros_like(cache["h0"]), np.zeros_like(cache["c0"])
        self.grad_input = self._run_backward(cache, np.ascontiguousarray(grad_output), dh, dc, scale)[0]
        return self.grad_input

    def extra_repr(self):
        rho = super().extra_repr()
        return f"{self.input_size} -> {self.output_size}" + (f", {rho}" if rho else "")
