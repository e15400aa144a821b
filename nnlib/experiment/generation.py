"""Text generation from a trained language model (`models.rnnlm`), for the runs' samples.txt."""
import numpy as np

from ..nn import SoftMaxTree
from ..nn.recurrent.bi_sequencer_lm import is_bidirectional_lm

EOS = "<eos>"
UNK = "<unk>"
BIDIRECTIONAL_WINDOW = 100  # tokens of context re-read per step by a bidirectional model


def _parts(model):
    """(the module mapping ids to the model's output, the SoftMaxTree or None) of an rnnlm."""
    modules = getattr(model, "modules", None)
    if modules and isinstance(modules[-1], SoftMaxTree):
        return modules[0].modules[0], modules[-1]  # ParallelTable(Sequencer, Identity) -> SoftMaxTree
    return model, None


def _is_char_level(vocab):
    return all(len(token) == 1 for token in vocab)


def _prime_ids(prime, vocab, char_level):
    """Token ids of the priming text: characters, or words with newlines as <eos> and unknown words as <unk>."""
    index = {token: i for i, token in enumerate(vocab)}
    tokens = list(prime) if char_level else prime.replace("\n", f" {EOS} ").split()
    ids = []
    for token in tokens:
        if token not in index and not char_level and UNK in index:
            token = UNK
        if token not in index:
            raise ValueError(f"sample_text: the prime token {token!r} is not in the vocabulary; "
                             "use tokens of the model's corpus")
        ids.append(index[token])
    return ids


def _start_id(vocab, char_level):
    """Context for an unprimed sample: <eos> (or a newline) if the vocabulary has it, else the commonest token."""
    start = "\n" if char_level else EOS
    return vocab.index(start) if start in vocab else 0


def _join(tokens, char_level):
    """Characters as they are; words separated by spaces, <eos> as a line break."""
    if char_level:
        return "".join(tokens)
    lines, line = [], []
    for token in tokens:
        if token == EOS:
            lines.append(" ".join(line))
            line = []
        else:
            line.append(token)
    return "\n".join(lines + [" ".join(line)])


def _draw(log_probs, temperature, rng):
    """One id from softmax(log_probs / temperature), by inverse CDF on a uniform from `rng`."""
    z = np.asarray(log_probs, dtype=np.float64) / temperature
    p = np.exp(z - z.max())
    cdf = np.cumsum(p)
    return int(min(np.searchsorted(cdf, rng.random() * cdf[-1], side="right"), len(cdf) - 1))


def sample_text(model, vocab, n_tokens, seed=0, temperature=1.0, prime=None):
    """Generate `n_tokens` tokens from an rnnlm and return them as text.

    `model` is `models.rnnlm(...)` with either output: 'softmax' (the next
    token is drawn from exp(log-probabilities / temperature)) or
    'softmaxtree' (SoftMaxTree.sample walks down the tree; with a
    temperature other than 1 the full distribution from log_prob_all is
    used instead). `vocab` lists the tokens in id order (the corpus file's
    `vocab`); a vocabulary of single characters is character level (tokens
    joined without separator), otherwise word level (joined with spaces,
    `<eos>` as a line break). `prime` (text in the same tokenization; unknown
    words become `<unk>`) is read first and starts the returned text; without
    it the context starts at `<eos>` (or a newline), which is not returned.
    A unidirectional model reads one token per step, carrying its hidden
    state. A bidirectional one (BiSequencerLM, trained by run_language_model
    to predict each token from both sides) re-reads the last
    BIDIRECTIONAL_WINDOW - 1 tokens plus a placeholder each step and is
    sampled at the placeholder: its output there comes from the forward half
    over the tokens before it, the backward half seeing nothing, as at the end
    of a training window (the placeholder itself is never read). The model
    runs in evaluate() mode with its state forgotten before and after; its
    mode and remember setting are restored.
    Same seed, same text.
    """
    if isinstance(n_tokens, bool) or not isinstance(n_tokens, (int, np.integer)) or n_tokens < 0:
        raise ValueError(f"sample_text: n_tokens must be an int >= 0, got {n_tokens!r}")
    if not temperature > 0:
        raise ValueError(f"sample_text: temperature must be positive, got {temperature!r}")
    vocab = [str(v) for v in vocab]
    seq, tree = _parts(model)
    n_words = tree.n_words if tree is not None else None
    char_level = _is_char_level(vocab)
    context = _prime_ids(prime, vocab, char_level) if prime else []
    rng = np.random.default_rng(seed)
    bidirectional = is_bidirectional_lm(model)
    was_training = model.train
    mode = getattr(seq, "remember_mode", None)
    model.evaluate()
    model.forget()
    if mode is not None:
        seq.remember("neither" if bidirectional else "both")
    try:
        start = _start_id(vocab, char_level)
        ids = list(context) or [start]
        feed = ids
        generated = []
        for _ in range(n_tokens):
            if bidirectional:
                window = ids[-(BIDIRECTIONAL_WINDOW - 1):] + [start]  # start: the placeholder
                out = seq.forward(np.array(window, dtype=np.int64)[:, None])
            else:
                out = seq.forward(np.array(feed, dtype=np.int64)[:, None])
            last = out[-1]
            size = n_words if tree is not None else last.shape[-1]
            if size != len(vocab):
                raise ValueError(f"sample_text: the model predicts {size} tokens but the vocabulary has "
                                 f"{len(vocab)}; pass the vocab of the corpus the model was trained on")
            if tree is None:
                token = _draw(last[0], temperature, rng)
            elif temperature == 1.0:
                token = int(tree.sample(last, rng)[0])
            else:
                token = _draw(tree.log_prob_all(last)[0], temperature, rng)
            generated.append(token)
            ids.append(token)
            feed = [token]
    finally:
        model.forget()
        if mode is not None:
            seq.remember(mode)
        if was_training:
            model.training()
    return _join([vocab[i] for i in context + generated], char_level)
