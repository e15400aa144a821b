"""`FastLSTM`: rnn's FastLSTM, an LSTM without peephole connections."""
from .lstm import LSTM


class FastLSTM(LSTM):
    """LSTM without peepholes (rnn's FastLSTM): the input, forget and output gates see x_t and h_{t-1} only.

    Args:
        input_size: features of a step's input.
        output_size: hidden size H.
        rho: maximum number of steps back-propagated through by the step API.
        eps, momentum, affine: rnn's batch-normalisation settings (FastLSTM.bn),
            not supported: eps or momentum other than None, or affine False, raise.
        p, mono: dropout on the connections, as LSTM's.

    Parameters `weight_x` (4H, I), `bias` (4H), `weight_h` (4H, H), gate rows
    [i | f | o | g] (FastLSTM's i2g and o2g). Same fused kernel as LSTM and
    SeqLSTM; PyTorch's torch.nn.LSTM computes the same cell (its gate order is
    [i | f | g | o] and it has a second, redundant bias).

    Shape:
        step input (N, I) -> (N, H); through a Sequencer (T, N, I) -> (T, N, H).
    """

    def __init__(self, input_size: int, output_size: int, rho: int = 9999, eps: float | None = None,
                 momentum: float | None = None, affine: bool = True, p: float = 0.0, mono: bool = False):
        if eps is not None or momentum is not None or not affine:
            raise ValueError("FastLSTM: rnn's batch normalisation (FastLSTM.bn with eps, momentum, affine) is not "
                             "supported; leave eps and momentum None and affine True")
        super().__init__(input_size, output_size, rho, cell2gate=False, p=p, mono=mono)
