"""Word-level LSTM language model on a text file, against a unigram baseline.

    PYTHONPATH=. python examples/lm_tinyshakespeare.py --minutes 9
    PYTHONPATH=. python examples/lm_tinyshakespeare.py my-corpus.txt

The default text is tiny-shakespeare as shipped in the project's data/ folder.

Tokens: lower-cased words and punctuation marks, one "<eos>" per line; the
vocabulary keeps the 10,000 most frequent training tokens (others -> <unk>).
The first 90% of the tokens train, the last 10% validate. Training is truncated
BPTT (batch 32 streams, 35 steps, state carried over), SGD with gradient-norm
clipping, learning rate halved when the validation perplexity stops improving.
"""
import argparse
import math
import re
import time
from collections import Counter
from pathlib import Path

import numpy as np

import nnlib
from nnlib import models, nn


def tokenize(text):
    words = []
    for line in text.lower().splitlines():
        tokens = re.findall(r"[a-z']+|[^\sa-z']", line)
        if tokens:
            words.extend(tokens)
            words.append("<eos>")
    return words


def build_vocab(tokens, cap):
    counts = Counter(tokens)
    vocab = ["<unk>"] + [w for w, _ in counts.most_common(cap - 1)]
    return {w: i for i, w in enumerate(vocab)}


def to_ids(tokens, index):
    return np.array([index.get(w, 0) for w in tokens], dtype=np.int64)


def streams(ids, batch):
    """(L, batch) time-major array: `batch` contiguous streams side by side."""
    length = len(ids) // batch
    return ids[:length * batch].reshape(batch, length).T.copy()


def unigram_perplexity(train_ids, valid_ids, vocab_size):
    counts = np.bincount(train_ids, minlength=vocab_size).astype(np.float64) + 1.0  # add-one smoothing
    logp = np.log(counts / counts.sum())
    return math.exp(-logp[valid_ids].mean())


def evaluate(model, criterion, data, bptt):
    model.evaluate()
    model.forget()
    total, count = 0.0, 0
    for start in range(0, data.shape[0] - 1, bptt):
        x = data[start:start + bptt]
        y = data[start + 1:start + 1 + bptt]
        x = x[:len(y)]
        out = model.forward(x)
        total += criterion.forward(out, y) * y.shape[1]  # per-step means summed over steps
        count += y.size
    model.training()
    model.forget()
    return math.exp(total / count)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(Path(__file__).resolve().parents[1] / "data" / "text" /
                                                       "tinyshakespeare.txt"))
    parser.add_argument("--vocab", type=int, default=10000)
    parser.add_argument("--hidden", type=int, default=200)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--bptt", type=int, default=35)
    parser.add_argument("--lr", type=float, default=1.0)
    parser.add_argument("--clip", type=float, default=5.0)
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--minutes", type=float, default=9.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    nnlib.set_num_threads(args.threads)
    nnlib.manual_seed(args.seed)

    tokens = tokenize(open(args.path, encoding="utf-8").read())
    split = int(0.9 * len(tokens))
    index = build_vocab(tokens[:split], args.vocab)
    train_ids, valid_ids = to_ids(tokens[:split], index), to_ids(tokens[split:], index)
    print(f"{len(tokens)} tokens, vocabulary {len(index)}, train {len(train_ids)}, valid {len(valid_ids)}")
    print(f"unigram validation perplexity: {unigram_perplexity(train_ids, valid_ids, len(index)):.1f}", flush=True)

    model = models.rnnlm(len(index), (args.hidden,), cell="lstm", dropout=args.dropout)
    for p in model.parameters()[0]:  # Zaremba et al.'s small LSTM init
        p[...] = nnlib.random.get_rng().uniform(-0.1, 0.1, p.shape)
    model.remember("both")
    criterion = nn.SequencerCriterion(nn.ClassNLLCriterion())  # summed over steps (Zaremba et al.)
    train, valid = streams(train_ids, args.batch), streams(valid_ids, 10)
    deadline = time.perf_counter() + 60 * args.minutes
    lr, best, epoch, tokens_seen, start_time = args.lr, float("inf"), 0, 0, time.perf_counter()
    while time.perf_counter() < deadline:
        epoch += 1
        model.forget()
        for start in range(0, train.shape[0] - 1 - args.bptt, args.bptt):
            x, y = train[start:start + args.bptt], train[start + 1:start + 1 + args.bptt]
            out = model.forward(x)
            criterion.forward(out, y)
            model.zero_grad_parameters()
            model.backward(x, criterion.backward(out, y))
            model.grad_param_clip(args.clip)
            model.update_parameters(lr)
            tokens_seen += y.size
            if time.perf_counter() > deadline:
                break
        ppl = evaluate(model, criterion, valid, args.bptt)
        elapsed = time.perf_counter() - start_time
        print(f"epoch {epoch}: lr {lr:g}, validation perplexity {ppl:.1f}, {elapsed:.0f} s, "
              f"{tokens_seen / elapsed:,.0f} train tokens/s", flush=True)
        if ppl > best:
            lr /= 2
        best = min(best, ppl)
    print(f"best validation perplexity {best:.1f}")


if __name__ == "__main__":
    main()
