"""Output layer of a language model: SoftMaxTree + TreeNLL vs full Linear + LogSoftMax + ClassNLL.

One training step (forward, loss, backward, SGD update) of the output layer
alone, input 200, batch 320 (32 x 35 tokens cut to 320), vocabulary 10,000
and 100,000. Word counts follow Zipf's law (s = 1); the tree is
`nn.frequency_tree(counts)` (2 levels, sqrt(V) equal-frequency bins) and
targets are drawn from the same distribution, as in a real corpus.

    PYTHONPATH=. python -m benchmarks.cases_softmaxtree [--threads 2] [--vocab 10000 100000]

prints samples/s of each step and the speed-up of the tree over nnlib's full
softmax. The harness (`benchmarks.harness`) compares both against PyTorch's
full softmax step (PyTorch has no hierarchical softmax).
"""
import argparse

import numpy as np

from benchmarks.harness import Case, measure, nnlib_sgd_step, set_threads, torch_sgd_step

INPUT_SIZE = 200
BATCH = 320
LR = 0.1
VOCABS = (10_000, 100_000)


def _data(vocab, batch):
    rng = np.random.default_rng(0)
    counts = 1e7 / np.arange(1, vocab + 1)
    x = rng.standard_normal((batch, INPUT_SIZE)).astype(np.float32)
    targets = rng.choice(vocab, size=batch, p=counts / counts.sum())
    return counts, x, targets


def tree_step(vocab, batch=BATCH, partial=True):
    """SoftMaxTree + TreeNLLCriterion; `partial` updates/zeroes only the visited nodes' rows."""
    from nnlib import nn
    counts, x, y = _data(vocab, batch)
    tree, root = nn.frequency_tree(counts)
    model = nn.SoftMaxTree(INPUT_SIZE, tree, root_id=root)
    criterion = nn.TreeNLLCriterion()
    table = [x, y]

    def step():
        out = model.forward(table)
        criterion.forward(out, y)
        model.backward(table, criterion.backward(out, y))
        model.update_parameters(LR, partial=partial)
        model.zero_grad_parameters(partial=partial)
    return step


def full_step(vocab, batch=BATCH):
    """nnlib's Linear + LogSoftMax + ClassNLLCriterion, SGD on the flat parameters."""
    from nnlib import nn
    _, x, y = _data(vocab, batch)
    return nnlib_sgd_step(nn.Sequential(nn.Linear(INPUT_SIZE, vocab), nn.LogSoftMax()), nn.ClassNLLCriterion(),
                          x, y, LR)


def torch_full_step(vocab, batch=BATCH):
    """PyTorch CPU: Linear + LogSoftmax + NLLLoss, plain SGD, with the input's gradient (nnlib computes it)."""
    import torch
    _, x, y = _data(vocab, batch)
    model = torch.nn.Sequential(torch.nn.Linear(INPUT_SIZE, vocab), torch.nn.LogSoftmax(dim=1))
    return torch_sgd_step(model, torch.nn.NLLLoss(), x, y, LR, input_grad=True)


CASES = [case for v in VOCABS for case in (
    Case(f"softmaxtree_v{v}_b{BATCH}_vs_torch_full", lambda v=v: tree_step(v), lambda v=v: torch_full_step(v), BATCH),
    Case(f"fullsoftmax_v{v}_b{BATCH}", lambda v=v: full_step(v), lambda v=v: torch_full_step(v), BATCH))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--vocab", type=int, nargs="+", default=list(VOCABS))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.5)
    args = parser.parse_args(argv)
    set_threads(args.threads)
    for v in args.vocab:
        speeds = {}
        for name, make in [("tree (partial update)", lambda: tree_step(v)),
                           ("tree (dense update)", lambda: tree_step(v, partial=False)),
                           ("nnlib full softmax", lambda: full_step(v)),
                           ("torch full softmax", lambda: torch_full_step(v))]:
            speeds[name] = measure(Case(name, make, None, BATCH), args.rounds, args.seconds)["nnlib"]
            print(f"vocab {v:>7}  {name:22s} {speeds[name]:>12.1f} samples/s", flush=True)
        full = speeds["nnlib full softmax"]
        print(f"vocab {v:>7}  tree / nnlib full: partial {speeds['tree (partial update)'] / full:.1f}x, "
              f"dense {speeds['tree (dense update)'] / full:.1f}x; "
              f"tree / torch full: {speeds['tree (partial update)'] / speeds['torch full softmax']:.1f}x", flush=True)
    print("(timings on a shared 2-core machine are noisy)")


if __name__ == "__main__":
    main()
