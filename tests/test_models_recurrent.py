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


@pytest.mark.parametrize("cell, kind", [("rnn", nn.Recurrent), ("lstm", nn.FastLSTM), ("gru", nn.GRU)])
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
    with pytest.raises(ValueError, match="output='hsm'"):
        models.rnnlm(11, (4,), output="hsm")
    with pytest.raises(ValueError, match="needs counts"):
        models.rnnlm(11, (4,), output="softmaxtree")
    with pytest.raises(ValueError, match=r"counts has shape \(3,\), expected one count per word \(11,\)"):
        models.rnnlm(11, (4,), output="softmaxtree", counts=[1, 2, 3])
    with pytest.raises(ValueError, match="counts only applies"):
        models.rnnlm(11, (4,), counts=np.ones(11))
    with pytest.raises(ValueError, match="rnnlm_criterion: unknown output='tree'"):
        models.rnnlm_criterion("tree")


def test_rnnlm_dropout_layers_follow_the_embedding_and_each_recurrent_layer():
    model = models.rnnlm(11, (4, 3), cell="lstm", dropout=0.5)
    kinds = [type(m).__name__ for m in model.module.modules]
    assert kinds == ["LookupTable", "Dropout", "FastLSTM", "Dropout", "FastLSTM", "Dropout", "Linear", "LogSoftMax"]
    ids = np.random.default_rng(0).integers(0, 11, (5, 2))
    out = model.forward(ids)
    model.backward(ids, np.ones_like(out))
    model.evaluate()
    np.testing.assert_array_equal(model.forward(ids), model.forward(ids))


_COUNTS = np.array([50, 30, 20, 10, 5, 3, 2, 1, 1, 1, 1])


@pytest.mark.parametrize("bidirectional", [False, True])
def test_softmaxtree_rnnlm_is_dp_layout(bidirectional):
    """ParallelTable(Sequencer(stack), Identity) -> SoftMaxTree over frequency_tree(counts)."""
    model = models.rnnlm(11, (4, 3), cell="gru", bidirectional=bidirectional, output="softmaxtree", counts=_COUNTS)
    para, tree = model.modules
    assert isinstance(para, nn.ParallelTable) and isinstance(tree, nn.SoftMaxTree)
    assert isinstance(para.modules[0], nn.Sequencer) and isinstance(para.modules[1], nn.Identity)
    assert tree.input_size == (6 if bidirectional else 3) and tree.n_words == 11
    expected, root = nn.frequency_tree(_COUNTS)
    assert tree.root_id == root and {k: v.tolist() for k, v in tree.tree.items()} == \
        {k: v.tolist() for k, v in expected.items()}
    rng = np.random.default_rng(0)
    ids, targets = rng.integers(0, 11, (5, 2)), rng.integers(0, 11, (5, 2))
    out = model.forward([ids, targets])
    assert out.shape == (5, 2) and (out < 0).all()
    hidden = para.modules[0].forward(ids)
    np.testing.assert_allclose(out, np.take_along_axis(tree.log_prob_all(hidden), targets[..., None], -1)[..., 0],
                               rtol=1e-5)


def test_rnnlm_criterions_sum_the_per_step_means_for_both_outputs():
    nnlib.manual_seed(0)
    rng = np.random.default_rng(0)
    ids, targets = rng.integers(0, 11, (4, 3)), rng.integers(0, 11, (4, 3))
    tree_model = models.rnnlm(11, (5,), output="softmaxtree", counts=_COUNTS)
    out = tree_model.forward([ids, targets])
    assert models.rnnlm_criterion("softmaxtree").forward(out, targets) == pytest.approx(-out.sum() / 3, rel=1e-6)
    soft = models.rnnlm(11, (5,))
    log_probs = soft.forward(ids)
    picked = np.take_along_axis(log_probs, targets[..., None], -1)
    assert models.rnnlm_criterion().forward(log_probs, targets) == pytest.approx(-picked.sum() / 3, rel=1e-6)


def test_softmaxtree_rnnlm_trains_and_forgets_as_a_whole():
    """backward reaches every parameter; forget()/remember() reach the Sequencer inside."""
    nnlib.manual_seed(1)
    model = models.rnnlm(11, (5,), cell="lstm", output="softmaxtree", counts=_COUNTS)
    criterion = models.rnnlm_criterion("softmaxtree")
    model.remember("both")
    assert model.modules[0].modules[0].remember_mode == "both"
    sequence = np.arange(61) % 11
    first = None
    for step in range(60):
        start = (step * 5) % 55
        ids, targets = sequence[start:start + 5, None], sequence[start + 1:start + 6, None]
        if start == 0:
            model.forget()
        out = model.forward([ids, targets])
        loss = criterion.forward(out, targets)
        first = loss if first is None else first
        model.zero_grad_parameters()
        model.backward([ids, targets], criterion.backward(out, targets))
        model.update_parameters(0.5)
    assert loss < first / 2
