"""Language models at the BLAS limit: whole training steps of word and character LMs and of their
output layers, nnlib against PyTorch CPU.

Cases (one SGD training step each; tokens or samples per second):
  gru_lm_v10000_h200_b32_bptt35        word GRU LM (embedding and hidden 200); the word LSTM LM
                                       of the same shape is cases_rnn's lstm_lm_v10000_h200_b32_bptt35
  char_lstm_lm_v65_h512_b64_bptt100    character LSTM LM (embedding and hidden 512)
  output_layer_v{10000,100000}_b32_bptt10
                                       the full-softmax output layer alone, spelled as in an LM:
                                       Sequencer(Sequential(Linear, LogSoftMax)) with
                                       SequencerCriterion(ClassNLLCriterion()) (nnlib's fused plan)
  softmaxtree_v{10000,100000}_b320_vs_torch_adaptive
                                       SoftMaxTree + TreeNLLCriterion against PyTorch's
                                       AdaptiveLogSoftmaxWithLoss (cases_softmaxtree has it against
                                       PyTorch's full softmax)

    PYTHONPATH=. python -m benchmarks.cases_lm [case ...] [--threads 1 2] [--gemm-share]

times every case for each library at each thread count and reports each library's best (the
issue's "best of 1 and 2 threads"); `--gemm-share` adds the output layer's GEMM flop rate (over
its whole step, so a lower bound) against the machine's sgemm rate on 2048^3.
`python -m benchmarks.harness <case>` times one thread count.
Timings on a shared machine are noisy: compare runs made side by side.
"""
import argparse

import numpy as np

from benchmarks.cases_rnn import CASES as RNN_CASES
from benchmarks.cases_softmaxtree import INPUT_SIZE, _data, tree_step
from benchmarks import machine
from benchmarks.harness import Case, best_of_threads, measure, set_threads, torch_sgd_step

LR = 0.1
WORD = dict(vocab=10000, hidden=200, batch=32, bptt=35)
CHAR = dict(vocab=65, hidden=512, batch=64, bptt=100)
OUTPUT_LAYER = dict(batch=32, bptt=10)
VOCABS = (10_000, 100_000)


def _batches(vocab, batch, bptt, seed=0):
    """Endless (ids, targets) pairs of (bptt, batch) token ids."""
    rng = np.random.default_rng(seed)
    while True:
        ids = rng.integers(0, vocab, (bptt + 1, batch))
        yield ids[:-1], ids[1:]


def lm_nnlib_step(vocab, hidden, batch, bptt, cell):
    """models.rnnlm (LookupTable -> cell -> Linear -> LogSoftMax in a Sequencer), truncated BPTT, plain SGD."""
    from nnlib import models, nn
    model = models.rnnlm(vocab, (hidden,), cell=cell)
    model.remember("both")
    criterion = nn.SequencerCriterion(nn.ClassNLLCriterion())
    params, grads = model.get_parameters()
    batches = _batches(vocab, batch, bptt)
    lr = np.float32(LR)

    def step():
        x, y = next(batches)
        out = model.forward(x)
        criterion.forward(out, y)
        model.backward(x, criterion.backward(out, y))
        params[...] -= lr * grads
        grads.fill(0)
    return step


def lm_torch_step(vocab, hidden, batch, bptt, cell):
    """The same LM in PyTorch: Embedding -> LSTM/GRU -> Linear -> log_softmax, NLL summed over steps."""
    import torch
    recurrent = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]

    class TorchLM(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = torch.nn.Embedding(vocab, hidden)
            self.rnn = recurrent(hidden, hidden)
            self.out = torch.nn.Linear(hidden, vocab)

        def forward(self, x, state):
            y, state = self.rnn(self.emb(x), state)
            return torch.log_softmax(self.out(y), dim=-1), state

    model = TorchLM()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.NLLLoss()
    batches = _batches(vocab, batch, bptt)
    state = [None]

    def step():
        x, y = (torch.from_numpy(a) for a in next(batches))
        optimizer.zero_grad()
        out, new_state = model(x, state[0])
        loss = loss_fn(out.reshape(-1, vocab), y.reshape(-1)) * x.shape[0]
        loss.backward()
        optimizer.step()
        state[0] = tuple(s.detach() for s in new_state) if isinstance(new_state, tuple) else new_state.detach()
    return step


def _output_layer_data(vocab):
    """(T, N, 200) float32 inputs and (T, N) Zipf-distributed targets."""
    steps, batch = OUTPUT_LAYER["bptt"], OUTPUT_LAYER["batch"]
    _, x, y = _data(vocab, steps * batch)
    return x.reshape(steps, batch, INPUT_SIZE), y.reshape(steps, batch)


def output_layer_nnlib_step(vocab):
    """Linear -> LogSoftMax in a Sequencer with SequencerCriterion(ClassNLLCriterion()): the fused plan."""
    from nnlib import nn
    x, y = _output_layer_data(vocab)
    model = nn.Sequencer(nn.Sequential(nn.Linear(INPUT_SIZE, vocab), nn.LogSoftMax()))
    criterion = nn.SequencerCriterion(nn.ClassNLLCriterion())
    params, grads = model.get_parameters()
    lr = np.float32(LR)

    def step():
        out = model.forward(x)
        criterion.forward(out, y)
        model.backward(x, criterion.backward(out, y))
        params[...] -= lr * grads
        grads.fill(0)
    return step


def output_layer_torch_step(vocab):
    """Linear -> LogSoftmax, NLLLoss summed over the steps (as SequencerCriterion), plain SGD, with the
    input's gradient: an LM's output layer passes it on, as nnlib's computes it."""
    import torch
    x, y = _output_layer_data(vocab)
    model = torch.nn.Sequential(torch.nn.Linear(INPUT_SIZE, vocab), torch.nn.LogSoftmax(dim=-1))
    nll = torch.nn.NLLLoss()

    def loss_fn(out, target):
        return nll(out.reshape(-1, vocab), target.reshape(-1)) * out.shape[0]
    return torch_sgd_step(model, loss_fn, x, y, LR, input_grad=True)


def adaptive_cutoffs(vocab):
    """Cluster boundaries of PyTorch's adaptive softmax: a head of the 5% most frequent words, then two tails."""
    return [vocab // 20, vocab // 4]


def torch_adaptive_step(vocab, batch=320):
    """PyTorch's AdaptiveLogSoftmaxWithLoss (div_value 4) on the same Zipf data as the tree, plain SGD."""
    import torch
    _, x, y = _data(vocab, batch)
    layer = torch.nn.AdaptiveLogSoftmaxWithLoss(INPUT_SIZE, vocab, adaptive_cutoffs(vocab), div_value=4.0)
    optimizer = torch.optim.SGD(layer.parameters(), lr=LR)
    x, y = torch.from_numpy(x).requires_grad_(True), torch.from_numpy(y)  # as the tree's input gradient

    def step():
        optimizer.zero_grad()
        x.grad = None
        layer(x, y).loss.backward()
        optimizer.step()
    return step


def _lm_case(name, shape, cell):
    return Case(name, lambda: lm_nnlib_step(cell=cell, **shape), lambda: lm_torch_step(cell=cell, **shape),
                shape["batch"] * shape["bptt"], "tokens")


CASES = [
    _lm_case("gru_lm_v10000_h200_b32_bptt35", WORD, "gru"),
    _lm_case("char_lstm_lm_v65_h512_b64_bptt100", CHAR, "lstm"),
    *[Case(f"output_layer_v{v}_b{OUTPUT_LAYER['batch']}_bptt{OUTPUT_LAYER['bptt']}",
           lambda v=v: output_layer_nnlib_step(v), lambda v=v: output_layer_torch_step(v),
           OUTPUT_LAYER["batch"] * OUTPUT_LAYER["bptt"], "tokens") for v in VOCABS],
    *[Case(f"softmaxtree_v{v}_b320_vs_torch_adaptive", lambda v=v: tree_step(v), lambda v=v: torch_adaptive_step(v),
           320) for v in VOCABS],
]

LM_CASE_NAMES = ["lstm_lm_v10000_h200_b32_bptt35"] + [c.name for c in CASES]
"""The issue's language-model cases: cases_rnn's word LSTM LM and this module's."""


def sgemm_rate(size=2048, seconds=1.0):
    """The machine's float32 GEMM rate (flop/s) at the current thread count: nnlib's GEMM on square matrices."""
    import time

    from nnlib.kernels._gemm import dot
    rng = np.random.default_rng(0)
    a, b = (rng.standard_normal((size, size)).astype(np.float32) for _ in range(2))
    out = np.empty_like(a)
    dot(a, b, out)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        dot(a, b, out)
        n += 1
    return 2.0 * size ** 3 * n / (time.perf_counter() - start)


def output_layer_gemm_share(vocab, rounds=3, seconds=1.0):
    """(output layer step's GEMM flop/s counted over the whole step, the machine's sgemm rate): the first over
    the second is a lower bound on how close the layer's three GEMMs come to the machine's rate."""
    tokens = OUTPUT_LAYER["batch"] * OUTPUT_LAYER["bptt"]
    speed = measure(Case("output layer", lambda: output_layer_nnlib_step(vocab), None, tokens), rounds, seconds)
    return 3 * 2.0 * tokens * INPUT_SIZE * vocab * speed["nnlib"] / tokens, sgemm_rate()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help=f"case names (default: {' '.join(LM_CASE_NAMES)})")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--gemm-share", action="store_true",
                        help="also report the output layer's GEMM rate against the machine's sgemm rate")
    args = parser.parse_args(argv)
    print(machine.header(), flush=True)
    known = {c.name: c for c in RNN_CASES + CASES}
    names = args.cases or LM_CASE_NAMES
    unknown = set(names) - set(known)
    if unknown:
        raise SystemExit(f"unknown case(s) {sorted(unknown)}; known: {LM_CASE_NAMES}")
    for name in names:
        case = known[name]
        best = best_of_threads(case, args.threads, args.rounds, args.seconds)
        line = "   ".join(f"{lib} {v:>10,.0f} {case.unit}/s ({t} thr)" for lib, (v, t) in best.items())
        ratio = best["nnlib"][0] / best["torch"][0] if "torch" in best else float("nan")
        print(f"{name:45s} {line}   ratio {ratio:.2f}", flush=True)
    if args.gemm_share:
        for threads in args.threads:
            set_threads(threads)
            for v in VOCABS:
                layer, sgemm = output_layer_gemm_share(v, args.rounds, args.seconds)
                print(f"output layer V {v:>6} at {threads} thr: GEMMs {layer / 1e9:.1f} Gflop/s over the whole step, "
                      f"sgemm {sgemm / 1e9:.1f} Gflop/s: {layer / sgemm:.0%}", flush=True)
    print("(best of each library over the thread counts; timings on a shared machine are noisy)")


if __name__ == "__main__":
    main()
