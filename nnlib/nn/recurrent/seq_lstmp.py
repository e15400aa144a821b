"""`SeqLSTMP`: rnn's SeqLSTMP, a SeqLSTM whose output is a projection of the cell output."""
import math

import numpy as np

from ...kernels._gemm import dot
from ...random import get_rng
from .seq_lstm import SeqLSTM


class SeqLSTMP(SeqLSTM):
    """LSTM with a recurrent projection layer (Sak et al. 2014): (T, N, I) -> (T, N, P).

    Args:
        input_size: features of a step's input.
        hidden_size: cell size H.
        output_size: projection size P (the output and the recurrent state h).

    The cell output r_t = o tanh(c_t) (N, H) is projected, h_t = r_t W_o^T,
    and h_t (not r_t) feeds the gates of the next step: `weight_h` is (4H, P).
    `weight_o` is (P, H) (rnn's weightO is (H, P), its transpose). Same fused
    kernel as SeqLSTM and FastLSTM. Initialised as rnn's: weights N(0,
    1/sqrt(I+H)), weight_o N(0, 1/sqrt(H+P)), bias 0 but the forget gate's 1.

    Shape:
        input (T, N, I) -> output (T, N, P); mask (T, N), 1 = real step.
    """

    def __init__(self, input_size: int, hidden_size: int, output_size: int):
        self._hidden = int(hidden_size)
        super().__init__(input_size, output_size)

    @property
    def hidden_size(self):
        return self._hidden

    def _register_parameters(self):
        h, i, p = self._hidden, self.input_size, self.output_size
        self.register_parameter("weight_x", np.zeros((4 * h, i)))
        self.register_parameter("bias", np.zeros(4 * h))
        self.register_parameter("weight_h", np.zeros((4 * h, p)))
        self.register_parameter("weight_o", np.zeros((p, h)))

    def reset(self, stdv=None):
        super().reset(stdv)
        s = 1.0 / math.sqrt(self.output_size + self._hidden) if stdv is None else stdv
        self.weight_o[...] = get_rng().normal(0.0, s, self.weight_o.shape)
        return self

    def _weights(self):
        return self.weight_x, self.weight_h

    def _projection(self):
        return self.weight_o

    def _acc_projection(self, gh, r, scale):
        rows = gh.shape[0] * gh.shape[1]
        dot(gh.reshape(rows, -1).T, r.reshape(rows, -1), self.grad_weight_o, alpha=scale, beta=1.0)

    def extra_repr(self):
        return f"{self.input_size} -> {self._hidden} -> {self.output_size}"
