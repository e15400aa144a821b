"""The recurrent model builders: seq10 (SimpleRNN.lua) and rnnlm (RNN.lua)."""
import numpy as np
import pytest

import nnlib
from nnlib import models, nn


def _seq10_batches(batch, rho, seed=0):
    sequence = np.tile(np.arange(10), 100)
    offsets = np.random.default_rng(seed).integers(0, sequence.size, batch)
    while True:
        idx = (offsets[None, :] + np.arange(rho + 1)[:, None]) % sequence.size
        yield sequence[idx[:-1]], sequence[idx[1:]]
        offsets = (offsets + rho) % sequence.size


def test_seq10_is_simple_rnn_lua():
    model = models.seq10()
    rnn = model.module.modules[0]
    assert isinstance(rnn, nn.Recurrent) and rnn.rho == 7 and rnn._fast_transfer() == 0
    assert isinstance(rnn.input_module, nn.LookupTable) and rnn.input_module.weight.shape == (10, 12)
    assert [type(m) for m in model.module.modules[1:]] == [nn.Linear, nn.LogSoftMax]


def test_seq10_predictor_reaches_full_accuracy():
    """The student's loop (batch 10, rho 7, lr 0.1, offsets carried over) learns 1..10 exactly."""
    nnlib.manual_seed(0)
    model = models.seq10()
    criterion = nn.SequencerCriterion(nn.ClassNLLCriterion())
    data = _seq10_batches(10, 7)
    for _ in range(1500):
        x, y = next(data)
        model.zero_grad_parameters()
        out = model.forward(x)
        err = criterion.forward(out, y)
        model.backward(x, criterion.backward(out, y))
        model.update_parameters(0.1)
    assert err < 0.1
    for _ in range(3):
        x, y = next(data)
        assert (model.forward(x).argmax(axis=-1) == y).all()


@pytest.mark.parametrize("cell, kind", [("rnn", nn.Recurrent), ("lstm", nn.LSTM), ("gru", nn.GRU)])
def test_rnnlm_cells_and_shapes(cell, kind):
    model = models.rnnlm(11, (4, 3), cell=cell)
    layers = model.module.modules
    assert isinstance(layers[0], nn.LookupTable) and layers[0].weight.shape == (11, 4)
    assert [type(m) for m in layers if isinstance(m, nn.AbstractRecurrent)] == [kind, kind]
    ids = np.random.default_rng(0).integers(0, 11, (5, 2))
    out = model.forward(ids)
    assert out.shape == (5, 2, 11)
    np.testing.assert_allclose(np.exp(out).sum(-1), 1.0, rtol=1e-5)


def test_bidirectional_rnnlm_uses_bisequencerlm():
    model = models.rnnlm(11, (4,), cell="lstm", bidirectional=True)
    assert any(isinstance(m, nn.BiSequencerLM) for m in model.module.modules)
    assert model.module.modules[-2].weight.shape == (11, 8)
    ids = np.random.default_rng(0).integers(0, 11, (5, 2))
    out = model.forward(ids)
    model.backward(ids, np.ones_like(out))
    assert out.shape == (5, 2, 11)


def test_rnnlm_bad_options_are_clear_errors():
    with pytest.raises(ValueError, match="cell"):
        models.rnnlm(11, (4,), cell="elman")
    with pytest.raises(ValueError, match="output="):
        models.rnnlm(11, (4,), output="softmaxtree")


def test_rnnlm_dropout_layers_follow_the_embedding_and_each_recurrent_layer():
    model = models.rnnlm(11, (4, 3), cell="lstm", dropout=0.5)
    kinds = [type(m).__name__ for m in model.module.modules]
    assert kinds == ["LookupTable", "Dropout", "LSTM", "Dropout", "LSTM", "Dropout", "Linear", "LogSoftMax"]
    ids = np.random.default_rng(0).integers(0, 11, (5, 2))
    out = model.forward(ids)
    model.backward(ids, np.ones_like(out))
    model.evaluate()
    np.testing.assert_array_equal(model.forward(ids), model.forward(ids))
