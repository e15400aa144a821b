"""Element-Research rnn: recurrent modules, decorators and sequence criterions."""
from .abstract_recurrent import AbstractRecurrent
from .bi_sequencer import BiSequencer
from .bi_sequencer_lm import BiSequencerLM
from .fast_lstm import FastLSTM
from .gru import GRU
from .lstm import LSTM
from .recurrent import Recurrent
from .recursor import Recursor
from .seq_gru import SeqGRU
from .seq_lstm import SeqLSTM
from .seq_lstmp import SeqLSTMP
from .sequencer import Sequencer
from .sequencer_criterion import SequencerCriterion
from .torch_gru import TorchGRU

__all__ = ["AbstractRecurrent", "BiSequencer", "BiSequencerLM", "FastLSTM", "GRU", "LSTM", "Recurrent", "Recursor",
           "SeqGRU", "SeqLSTM", "SeqLSTMP", "Sequencer", "SequencerCriterion", "TorchGRU"]
