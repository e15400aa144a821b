"""Element-Research rnn: recurrent modules, decorators and sequence criterions."""
from .abstract_recurrent import AbstractRecurrent
from .bi_sequencer import BiSequencer
from .bi_sequencer_lm import BiSequencerLM
from .fast_lstm import FastLSTM
from .gru import GRU
from .lookup_table_mask_zero import LookupTableMaskZero
from .lstm import LSTM
from .mask_zero import MaskZero
from .mask_zero_criterion import MaskZeroCriterion
from .mufuru import MuFuRu
from .norm_stabilizer import NormStabilizer
from .recurrence import Recurrence
from .recurrent import Recurrent
from .recurrent_attention import RecurrentAttention
from .recursor import Recursor
from .repeater import Repeater
from .repeater_criterion import RepeaterCriterion
from .seq_brnn import SeqBRNN
from .seq_gru import SeqGRU
from .seq_lstm import SeqLSTM
from .seq_lstmp import SeqLSTMP
from .seq_reverse_sequence import SeqReverseSequence
from .sequencer import Sequencer
from .sequencer_criterion import SequencerCriterion
from .torch_gru import TorchGRU
from .trim_zero import TrimZero

__all__ = ["AbstractRecurrent", "BiSequencer", "BiSequencerLM", "FastLSTM", "GRU", "LSTM", "LookupTableMaskZero",
           "MaskZero", "MaskZeroCriterion", "MuFuRu", "NormStabilizer", "Recurrence", "Recurrent", "RecurrentAttention",
           "Recursor", "Repeater", "RepeaterCriterion", "SeqBRNN", "SeqGRU", "SeqLSTM", "SeqLSTMP",
           "SeqReverseSequence", "Sequencer", "SequencerCriterion", "TorchGRU", "TrimZero"]
