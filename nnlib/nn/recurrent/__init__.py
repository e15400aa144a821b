"""Element-Research rnn: recurrent modules, decorators and sequence criterions."""
from .abstract_recurrent import AbstractRecurrent
from .bi_sequencer import BiSequencer
from .bi_sequencer_lm import BiSequencerLM
from .gru import GRU
from .lstm import LSTM
from .recurrent import Recurrent
from .recursor import Recursor
from .sequencer import Sequencer
from .sequencer_criterion import SequencerCriterion

__all__ = ["AbstractRecurrent", "BiSequencer", "BiSequencerLM", "GRU", "LSTM", "Recurrent", "Recursor", "Sequencer", "SequencerCriterion"]
