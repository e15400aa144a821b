"""SeqLSTM vs LSTM through a Sequencer on the study's word-LM shape (vocab 10,000, hidden 200,
batch 32, BPTT 35): one training step per call, as cases_rnn's lstm_lm case.

SeqLSTM shares FastLSTM's fused kernel, so it should be no slower than FastLSTM through a
Sequencer (cases_rnn's lstm_lm case) and faster than rnn's LSTM with peepholes (the
lstm_peephole case here).

    python -m benchmarks.harness seqlstm_lm_v10000_h200_b32_bptt35 lstm_peephole_lm_v10000_h200_b32_bptt35
"""
import numpy as np

from benchmarks.cases_rnn import LM, _lm_batches, lm_torch_step
from benchmarks.harness import Case


def _lm_step(layer):
    from nnlib import nn
    model = nn.Sequencer(nn.Sequential(nn.LookupTable(LM["vocab"], LM["hidden"]), layer,
                                       nn.Linear(LM["hidden"], LM["vocab"]), nn.LogSoftMax()))
    model.remember("both")
    criterion = nn.SequencerCriterion(nn.ClassNLLCriterion())
    params, grads = model.get_parameters()
    batches = _lm_batches(LM["vocab"], LM["batch"], LM["bptt"])
    lr = np.float32(LM["lr"])

    def step():
        x, y = next(batches)
        out = model.forward(x)
        criterion.forward(out, y)
        model.backward(x, criterion.backward(out, y))
        params[...] -= lr * grads
        grads.fill(0)
    return step


def seq_lstm_step():
    from nnlib import nn
    return _lm_step(nn.SeqLSTM(LM["hidden"], LM["hidden"]))


def lstm_peephole_step():
    from nnlib import nn
    return _lm_step(nn.LSTM(LM["hidden"], LM["hidden"]))


_SHAPE = f"v{LM['vocab']}_h{LM['hidden']}_b{LM['batch']}_bptt{LM['bptt']}"
CASES = [
    Case(f"seqlstm_lm_{_SHAPE}", seq_lstm_step, lm_torch_step, LM["batch"] * LM["bptt"], "tokens"),
    Case(f"lstm_peephole_lm_{_SHAPE}", lstm_peephole_step, lm_torch_step, LM["batch"] * LM["bptt"], "tokens"),
]
