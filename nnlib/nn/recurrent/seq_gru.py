"""`SeqGRU`: rnn's SeqGRU, a whole-sequence GRU layer (GRU's cell and kernel)."""
import math

from ...random import get_rng
from .abstract_recurrent import WholeSequence
from .gru import GRU


class SeqGRU(WholeSequence, GRU):
    """rnn's GRU over a whole time-major sequence: (T, N, I) -> (T, N, H), no Sequencer needed.

    Args:
        input_size: features of a step's input.
        output_size: hidden size H.

    The cell is GRU's (reset gate applied to h_{t-1} before its product), run
    by the same fused kernel; parameters `weight_x` (3H, I), `bias` (3H),
    `weight_h` (3H, H), gate rows [r | z | n] (rnn's SeqGRU keeps one
    (I+H, 3H) `weight`: its transpose, split). Initialised as rnn's SeqGRU:
    weights N(0, 1/sqrt(I+H)), bias 0 except the update gate's 1.
    `forward(input, mask=None)`; the state is forgotten before each call unless
    `remember()`; `mask_zero()` makes input rows of zeros padding.

    Shape:
        input (T, N, I) -> output (T, N, H); mask (T, N), 1 = real step.
    """

    def __init__(self, input_size: int, output_size: int):
        super().__init__(input_size, output_size)

    def reset(self, stdv=None):
        """rnn's SeqGRU init: N(0, stdv) weights (default 1/sqrt(I+H)), bias 0 and update-gate bias 1."""
        rng = get_rng()
        s = 1.0 / math.sqrt(self.input_size + self.output_size) if stdv is None else stdv
        self.weight_x[...] = rng.normal(0.0, s, self.weight_x.shape)
        self.weight_h[...] = rng.normal(0.0, s, self.weight_h.shape)
        self.bias.fill(0)
        self.bias[self.output_size:2 * self.output_size] = 1
        return self
