"""`SeqLSTM`: rnn's SeqLSTM, a whole-sequence LSTM layer (FastLSTM's cell and kernel)."""
import math

from ...random import get_rng
from .abstract_recurrent import WholeSequence
from .fast_lstm import FastLSTM


class SeqLSTM(WholeSequence, FastLSTM):
    """LSTM over a whole time-major sequence: (T, N, I) -> (T, N, H), no Sequencer needed.

    Args:
        input_size: features of a step's input.
        output_size: hidden size H.

    The cell is FastLSTM's (no peepholes), run by the same fused kernel;
    parameters `weight_x` (4H, I), `bias` (4H), `weight_h` (4H, H), gate rows
    [i | f | o | g] (rnn's SeqLSTM keeps one (I+H, 4H) `weight`: its
    transpose, split). Initialised as rnn's SeqLSTM: weights N(0, 1/sqrt(I+H)),
    bias 0 except the forget gate's 1. `forward(input, mask=None)`; the state
    is forgotten before each call unless `remember()`; `mask_zero()` makes
    input rows of zeros padding (zero output, state reset).

    Shape:
        input (T, N, I) -> output (T, N, H); mask (T, N), 1 = real step.
    """

    def __init__(self, input_size: int, output_size: int):
        super().__init__(input_size, output_size)

    def reset(self, stdv=None):
        """rnn's SeqLSTM init: N(0, stdv) weights (default 1/sqrt(I+H)), bias 0 and forget-gate bias 1."""
        rng = get_rng()
        s = 1.0 / math.sqrt(self.input_size + self.output_size) if stdv is None else stdv
        for w in self._weights():
            w[...] = rng.normal(0.0, s, w.shape)
        self.bias.fill(0)
        self.bias[self.hidden_size:2 * self.hidden_size] = 1
        return self

    def _weights(self):
        return self.weight_x, self.weight_h
