"""Builders for the study's models (and a small zoo of classic architectures)."""
from . import nn


def mlp(input_size=784, hidden_sizes=(200, 200), n_classes=10, activation="relu"):
    """MNISTex.lua's MLP: Linear -> activation for each hidden size, then Linear -> LogSoftMax.

    `activation` is "relu" or "tanh" (the script used ReLU, the report says Tanh).
    """
    transfers = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
    if activation not in transfers:
        raise ValueError(f"mlp: unknown activation {activation!r}; choose one of {sorted(transfers)}")
    model = nn.Sequential()
    width = input_size
    for size in hidden_sizes:
        model.add(nn.Linear(width, size)).add(transfers[activation]())
        width = size
    return model.add(nn.Linear(width, n_classes)).add(nn.LogSoftMax())


def seq10(n_index=10, hidden_size=12, rho=7):
    """SimpleRNN.lua's 1..10 next-number predictor, wrapped in a Sequencer.

    Recurrent(hidden, LookupTable(n_index, hidden), Linear(hidden, hidden),
    Sigmoid, rho) -> Linear(hidden, n_index) -> LogSoftMax, applied to
    (T, N) id arrays (ids 0-based: the numbers 1..10 are ids 0..9).
    """
    recurrent = nn.Recurrent(hidden_size, nn.LookupTable(n_index, hidden_size),
                             nn.Linear(hidden_size, hidden_size), nn.Sigmoid(), rho)
    return nn.Sequencer(nn.Sequential(recurrent, nn.Linear(hidden_size, n_index), nn.LogSoftMax()))


def _recurrent_stack(input_size, hidden_sizes, cell, dropout):
    """The recurrent layers of rnn's language-model example, each followed by Dropout when asked."""
    stack = nn.Sequential()
    for i, size in enumerate(hidden_sizes):
        if cell == "lstm":
            stack.add(nn.LSTM(input_size, size))
        elif cell == "gru":
            stack.add(nn.GRU(input_size, size))
        else:
            # rnn's example: Identity input for the first layer, a Linear before the others
            entry = nn.Identity() if i == 0 and input_size == size else nn.Linear(input_size, size)
            stack.add(nn.Recurrent(size, entry, nn.Linear(size, size), nn.Sigmoid()))
        if dropout > 0:
            stack.add(nn.Dropout(dropout))
        input_size = size
    return stack


def rnnlm(vocab_size, hidden_sizes=(200,), cell="lstm", bidirectional=False, dropout=0.0, output="softmax"):
    """RNN.lua's word-level language model, as rnn's recurrent-language-model example builds it.

    LookupTable(vocab, hidden_sizes[0]) [-> Dropout] -> one recurrent layer per
    hidden size ('rnn': Recurrent with Sigmoid, 'lstm': LSTM, 'gru': GRU), each
    [-> Dropout] -> Linear(last, vocab) -> LogSoftMax, all in one Sequencer
    taking (T, N) ids and returning (T, N, vocab) log-probabilities. With
    `bidirectional`, the stack becomes a BiSequencerLM (a forward and a backward
    copy, outputs concatenated) and the output layer reads 2 x the last size.
    Only output='softmax' is available here.
    """
    cells = ("rnn", "lstm", "gru")
    if cell not in cells:
        raise ValueError(f"rnnlm: unknown cell {cell!r}; choose one of {cells}")
    if output != "softmax":
        raise ValueError(f"rnnlm: output={output!r} is not available; use output='softmax'")
    hidden_sizes = tuple(int(h) for h in hidden_sizes)
    if not hidden_sizes:
        raise ValueError("rnnlm: hidden_sizes must name at least one layer size")
    model = nn.Sequential().add(nn.LookupTable(vocab_size, hidden_sizes[0]))
    if dropout > 0:
        model.add(nn.Dropout(dropout))
    if bidirectional:
        model.add(nn.BiSequencerLM(_recurrent_stack(hidden_sizes[0], hidden_sizes, cell, dropout),
                                   _recurrent_stack(hidden_sizes[0], hidden_sizes, cell, dropout)))
        width = 2 * hidden_sizes[-1]
    else:
        for layer in _recurrent_stack(hidden_sizes[0], hidden_sizes, cell, dropout).modules:
            model.add(layer)
        width = hidden_sizes[-1]
    return nn.Sequencer(model.add(nn.Linear(width, vocab_size)).add(nn.LogSoftMax()))
