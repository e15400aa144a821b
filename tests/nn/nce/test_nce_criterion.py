import numpy as np
import pytest

import nnlib
from nnlib import nn


def _table(seed=0):
    rng = np.random.default_rng(seed)
    return [rng.uniform(0.1, 1, 3), rng.uniform(0.1, 1, (3, 4)), rng.uniform(0.05, 0.3, 3),
            rng.uniform(0.05, 0.3, (3, 4))]


def test_loss_matches_the_formula_and_gradients():
    p_mt, p_ms, p_nt, p_ns = t = _table()
    crit = nn.NCECriterion()
    ref = -(np.log(p_mt / (p_mt + 4 * p_nt)).sum() + np.log(4 * p_ns / (p_ms + 4 * p_ns)).sum()) / 3
    assert crit.forward(t, None) == pytest.approx(ref, rel=1e-6)
    g = crit.backward(t, None)
    assert not g[2].any() and not g[3].any()
    # P_n is the fixed noise distribution: dpnn gives it no gradient; check P_mt and P_ms by central differences
    for a, ga in zip(t[:2], g[:2]):
        num = np.zeros_like(a)
        for i in np.ndindex(a.shape):
            a[i] += 1e-6
            up = crit.forward(t, None)
            a[i] -= 2e-6
            num[i] = (up - crit.forward(t, None)) / 2e-6
            a[i] += 1e-6
        np.testing.assert_allclose(ga, num, rtol=1e-5, atol=1e-8)


def _corpus(trans, n, seed):
    rng = np.random.default_rng(seed)
    words = [0]
    for u in rng.random(n - 1):
        words.append(min(int(np.searchsorted(np.cumsum(trans[words[-1]]), u)), len(trans) - 1))
    return np.array(words)


def _train_bigram_lm(train, valid, vocab, nce, steps=1000, hidden=16, batch=32, lr=0.5):
    """LookupTable -> Tanh -> (NCEModule | Linear + LogSoftMax), plain SGD; validation perplexity."""
    nnlib.manual_seed(0)
    emb = nn.Sequential(nn.LookupTable(vocab, hidden), nn.Tanh())
    if nce:
        out, crit = nn.NCEModule(hidden, vocab, 20, np.bincount(train, minlength=vocab) + 1), nn.NCECriterion()
    else:
        out, crit = nn.Sequential(nn.Linear(hidden, vocab), nn.LogSoftMax()), nn.ClassNLLCriterion()
    rng = np.random.default_rng(3)
    for _ in range(steps):
        i = rng.integers(0, len(train) - 1, batch)
        x, y = train[i], train[i + 1]
        h = emb.forward(x)
        inp = [h, y] if nce else h
        o = out.forward(inp)
        crit.forward(o, y)
        emb.zero_grad_parameters()
        out.zero_grad_parameters()
        gi = out.backward(inp, crit.backward(o, y))
        emb.backward(x, gi[0] if nce else gi)
        emb.update_parameters(lr)
        out.update_parameters(lr)
    emb.evaluate()
    out.evaluate()
    if nce:
        out.normalized = out.logsoftmax = True
    h = emb.forward(valid[:-1])
    logp = out.forward([h, valid[1:]] if nce else h)
    return float(np.exp(-logp[np.arange(len(valid) - 1), valid[1:]].mean()))


def test_nce_trains_a_word_lm_to_the_softmax_perplexity():
    """A bigram word LM (vocab 40) trained with NCE (k 20, unigram noise) and with the full softmax:
    NCE's normalised validation perplexity is within 10% of the softmax's."""
    vocab = 40
    trans = np.random.default_rng(0).dirichlet(np.full(vocab, 0.1), vocab)
    train, valid = _corpus(trans, 8000, 1), _corpus(trans, 2000, 2)
    softmax = _train_bigram_lm(train, valid, vocab, nce=False)
    nce = _train_bigram_lm(train, valid, vocab, nce=True)
    assert softmax < 20  # it learnt something (the uniform model's perplexity is 40)
    assert nce < 1.1 * softmax
