"""`GRU`: rnn's gated recurrent units (reset gate before the hidden product), fused numba kernels."""
import math

import numpy as np

from ...kernels import gru as K
from ...kernels.sequence_products import project_input, project_input_backward
from ...kernels._gemm import dot
from ...random import get_rng
from ._fused_cell import FusedCell


class GRU(FusedCell):
    """Gated recurrent unit layer, input_size -> output_size (rnn's GRU, Cho et al.'s form).

    Args:
        input_size: features of a step's input.
        output_size: hidden size H.
        rho: maximum number of steps back-propagated through by the step API.

    Parameters `weight_x` (3H, I) and `bias` (3H) on the input (rnn's i2g and
    the candidate's Linear), `weight_h` (3H, H) on the state (the
    LinearNoBias'es), rows in gate order reset, update, new [r | z | n]:
    r, z = sigmoid(x W_x,rz^T + b_rz + h_{t-1} W_h,rz^T),
    n = tanh(x W_xn^T + b_n + (r h_{t-1}) W_hn^T), h_t = (1 - z) n + z h_{t-1}.
    The state starts at zero. PyTorch's torch.nn.GRU applies r after the
    product instead: that cell is `TorchGRU`.

    Shape:
        step input (N, I) -> (N, H); through a Sequencer (T, N, I) -> (T, N, H).
    """

    def __init__(self, input_size: int, output_size: int, rho: int = 9999):
        self.input_size, self.output_size = int(input_size), int(output_size)
        super().__init__(rho)
        h, i = self.output_size, self.input_size
        self.register_parameter("weight_x", np.zeros((3 * h, i)))
        self.register_parameter("bias", np.zeros(3 * h))
        self.register_parameter("weight_h", np.zeros((3 * h, h)))
        self.reset()

    def reset(self, stdv=None):
        """Torch's Linear init: U(-1/sqrt(I), 1/sqrt(I)) on the input side, U(-1/sqrt(H), ..) on the state side."""
        rng = get_rng()
        sx = 1.0 / math.sqrt(self.input_size) if stdv is None else stdv
        sh = 1.0 / math.sqrt(self.output_size) if stdv is None else stdv
        self.weight_x[...] = rng.uniform(-sx, sx, self.weight_x.shape)
        self.bias[...] = rng.uniform(-sx, sx, self.bias.shape)
        self.weight_h[...] = rng.uniform(-sh, sh, self.weight_h.shape)
        return self

    def _run_forward(self, x, mask):
        steps, n, _ = x.shape
        self._check_state_batch(n)
        h0 = np.zeros((n, self.output_size), dtype=self.dtype) if self._state is None else self._state
        xg = np.empty((steps, n, 3 * self.output_size), dtype=self.dtype)
        project_input(x, self.weight_x, self.bias, xg)
        gates = np.empty_like(xg)
        rh = np.empty((steps, n, self.output_size), dtype=self.dtype)
        h = np.empty_like(rh)
        K.gru_update_output(xg, self.weight_h, h0, mask, gates, rh, h)
        self._state = h[-1]
        return dict(x=x, mask=mask, h0=h0, gates=gates, rh=rh, h=h)

    def _run_backward(self, cache, grad_output, dh, scale):
        x, h, hidden = cache["x"], cache["h"], self.output_size
        dgates = np.empty_like(cache["gates"])
        K.gru_update_grad_input(grad_output, dh, cache["gates"], cache["h0"], h, cache["mask"], self.weight_h, dgates)
        dx = project_input_backward(x, self.weight_x, dgates, self.grad_weight_x, self.grad_bias, scale)
        if scale != 0:
            rows = h.shape[0] * h.shape[1]
            h_prev = np.concatenate([cache["h0"][None], h[:-1]]).reshape(rows, hidden)
            flat = dgates.reshape(rows, 3 * hidden)
            dot(np.ascontiguousarray(flat[:, :2 * hidden].T), h_prev, self.grad_weight_h[:2 * hidden],
                alpha=scale, beta=1.0)
            dot(np.ascontiguousarray(flat[:, 2 * hidden:].T), cache["rh"].reshape(rows, hidden),
                self.grad_weight_h[2 * hidden:], alpha=scale, beta=1.0)
        return dx, dh

    def _upgrade_loaded(self):
        """A file saved before nnlib's GRU took rnn's form holds the PyTorch-form cell: load it as a TorchGRU."""
        if type(self) is GRU and "bias_h" in self._parameter_names:
            from .torch_gru import TorchGRU
            self.__class__ = TorchGRU
