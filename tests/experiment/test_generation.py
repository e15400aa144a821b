"""sample_text: text from rnnlm models (softmax and softmaxtree outputs, word and character level)."""
import numpy as np
import pytest

import nnlib
from nnlib import models
from nnlib.experiment import sample_text

WORDS = ["<eos>", "the", "cat", "sat", "on", "mat", "<unk>"]
CHARS = list("abc de\n")
COUNTS = np.array([9, 8, 5, 4, 3, 2, 1])


def _model(output, bidirectional=False):
    nnlib.manual_seed(0)
    counts = COUNTS if output == "softmaxtree" else None
    return models.rnnlm(7, (5,), cell="lstm", bidirectional=bidirectional, output=output, counts=counts)


@pytest.mark.parametrize("output", ["softmax", "softmaxtree"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_same_seed_same_text_and_only_vocabulary_words(output, bidirectional):
    model = _model(output, bidirectional)
    text = sample_text(model, WORDS, 40, seed=3)
    assert text == sample_text(model, WORDS, 40, seed=3)
    assert text != sample_text(model, WORDS, 40, seed=4)
    words = text.split()
    assert set(words) <= set(WORDS) - {"<eos>"}
    assert len(words) + text.count("\n") == 40  # every <eos> became a line break


@pytest.mark.parametrize("output", ["softmax", "softmaxtree"])
def test_character_level_joins_without_separator(output):
    text = sample_text(_model(output), CHARS, 50, seed=1, prime="ab")
    assert len(text) == 52 and text.startswith("ab") and set(text) <= set(CHARS)


def test_softmax_draws_follow_the_model_distribution():
    """Unprimed, the first token is drawn from the model's distribution after <eos>."""
    model = _model("softmax")
    model.evaluate()
    model.forget()
    probs = np.exp(model.forward(np.array([[0]]))[0, 0].astype(np.float64))
    firsts = [sample_text(model, WORDS, 1, seed=s) for s in range(600)]
    tokens = ["<eos>" if t == "\n" else t for t in firsts]
    freq = np.array([tokens.count(w) for w in WORDS]) / len(tokens)
    np.testing.assert_allclose(freq, probs, atol=0.06)


@pytest.mark.parametrize("output", ["softmax", "softmaxtree"])
def test_low_temperature_is_greedy(output):
    model = _model(output)
    a = sample_text(model, WORDS, 15, seed=1, temperature=1e-4)
    assert a == sample_text(model, WORDS, 15, seed=2, temperature=1e-4)


def test_prime_is_read_first_and_the_model_state_is_restored():
    model = _model("softmaxtree")
    model.training()
    model.remember("neither")
    text = sample_text(model, WORDS, 5, seed=0, prime="the dog\nsat")
    assert text.startswith("the <unk>\nsat")
    seq = model.modules[0].modules[0]
    assert model.train and seq.remember_mode == "neither"


def test_bad_arguments_are_clear_errors():
    model = _model("softmax")
    with pytest.raises(ValueError, match="predicts 7 tokens but the vocabulary has 3"):
        sample_text(model, ["a", "bb", "cc"], 2)
    with pytest.raises(ValueError, match="prime token 'z'"):
        sample_text(model, CHARS, 2, prime="az")
    with pytest.raises(ValueError, match="temperature must be positive"):
        sample_text(model, WORDS, 2, temperature=0)
    with pytest.raises(ValueError, match="n_tokens must be an int >= 0"):
        sample_text(model, WORDS, -1)


def test_bidirectional_model_samples_the_position_after_the_context(monkeypatch):
    """The next token is drawn from the prediction for the position after the primed context
    (forward half over the context, backward half empty), not from the re-prediction of the last token."""
    from nnlib.experiment import generation
    model = _model("softmax", bidirectional=True)
    seen = []
    draw = generation._draw
    monkeypatch.setattr(generation, "_draw", lambda logp, t, rng: seen.append(np.array(logp)) or draw(logp, t, rng))
    sample_text(model, WORDS, 1, seed=0, prime="the cat")
    model.evaluate()
    model.forget()
    after = [model.forward(np.array([[1], [2], [k]]))[2, 0] for k in (0, 5)]
    np.testing.assert_array_equal(after[0], after[1])  # the token at that position is never read
    np.testing.assert_allclose(seen[0], after[0], rtol=1e-6)
    model.forget()
    assert not np.allclose(seen[0], model.forward(np.array([[1], [2]]))[1, 0])
