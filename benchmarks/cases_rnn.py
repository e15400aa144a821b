"""Recurrent cases: the 1..10 predictor (one training iteration per call) and an LSTM
language-model step (vocab 10,000, embedding/hidden 200, batch 32, BPTT 35).

    python -m benchmarks.cases_rnn [--threads 2]   # times both cases
    python -m benchmarks.harness seq10_iteration lstm_lm_v10000_h200_b32_bptt35
"""
import numpy as np

from benchmarks.harness import Case, measure, set_threads

SEQ10 = dict(batch=10, rho=7, hidden=12, lr=0.1)
LM = dict(vocab=10000, hidden=200, batch=32, bptt=35, lr=0.1)


def _seq10_batches(batch, rho, n_index=10, seed=0):
    """Endless (inputs, targets) (rho, batch) batches of 1..10 (0-based ids 0..9), offsets carried over."""
    sequence = np.tile(np.arange(n_index), 100)
    offsets = np.random.default_rng(seed).integers(0, sequence.size, batch)
    while True:
        idx = (offsets[None, :] + np.arange(rho + 1)[:, None]) % sequence.size
        yield sequence[idx[:-1]], sequence[idx[1:]]
        offsets = (offsets + rho) % sequence.size


def seq10_nnlib_step():
    from nnlib import models, nn
    model = models.seq10(hidden_size=SEQ10["hidden"], rho=SEQ10["rho"])
    criterion = nn.SequencerCriterion(nn.ClassNLLCriterion())
    params, grads = model.get_parameters()
    batches = _seq10_batches(SEQ10["batch"], SEQ10["rho"])
    lr = np.float32(SEQ10["lr"])

    def step():
        x, y = next(batches)
        grads.fill(0)
        out = model.forward(x)
        criterion.forward(out, y)
        model.backward(x, criterion.backward(out, y))
        params[...] -= lr * grads
    return step


def seq10_torch_step():
    """The same loop in PyTorch, by hand over the steps (as the rnn Recurrent module does)."""
    import torch
    h = SEQ10["hidden"]
    emb, fb, out_layer = torch.nn.Embedding(10, h), torch.nn.Linear(h, h), torch.nn.Linear(h, 10)
    start = torch.nn.Parameter(torch.zeros(h))
    params = [*emb.parameters(), *fb.parameters(), *out_layer.parameters(), start]
    optimizer = torch.optim.SGD(params, lr=SEQ10["lr"])
    loss_fn = torch.nn.NLLLoss()
    batches = _seq10_batches(SEQ10["batch"], SEQ10["rho"])

    def step():
        x, y = (torch.from_numpy(a) for a in next(batches))
        optimizer.zero_grad()
        state, loss = None, 0
        for t in range(x.shape[0]):
            pre = emb(x[t]) + (start if state is None else fb(state))
            state = torch.sigmoid(pre)
            loss = loss + loss_fn(torch.log_softmax(out_layer(state), dim=1), y[t])
        loss.backward()
        optimizer.step()
    return step


def _lm_batches(vocab, batch, bptt, seed=0):
    rng = np.random.default_rng(seed)
    while True:
        ids = rng.integers(0, vocab, (bptt + 1, batch))
        yield ids[:-1], ids[1:]


def lm_nnlib_step():
    from nnlib import models, nn
    model = models.rnnlm(LM["vocab"], (LM["hidden"],), cell="lstm")
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


def lm_torch_step():
    import torch

    class TorchLM(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = torch.nn.Embedding(LM["vocab"], LM["hidden"])
            self.lstm = torch.nn.LSTM(LM["hidden"], LM["hidden"])
            self.out = torch.nn.Linear(LM["hidden"], LM["vocab"])

        def forward(self, x, state):
            y, state = self.lstm(self.emb(x), state)
            return torch.log_softmax(self.out(y), dim=-1), state

    model = TorchLM()
    optimizer = torch.optim.SGD(model.parameters(), lr=LM["lr"])
    loss_fn = torch.nn.NLLLoss()
    batches = _lm_batches(LM["vocab"], LM["batch"], LM["bptt"])
    state = [None]

    def step():
        x, y = (torch.from_numpy(a) for a in next(batches))
        optimizer.zero_grad()
        out, new_state = model(x, state[0])
        loss = loss_fn(out.reshape(-1, LM["vocab"]), y.reshape(-1)) * x.shape[0]
        loss.backward()
        optimizer.step()
        state[0] = tuple(s.detach() for s in new_state)
    return step


CASES = [
    Case("seq10_iteration", seq10_nnlib_step, seq10_torch_step, 1, "iterations"),
    Case("lstm_lm_v10000_h200_b32_bptt35", lm_nnlib_step, lm_torch_step, LM["batch"] * LM["bptt"], "tokens"),
]


def main():
    """Time both cases with the harness (2 threads each, median of rounds)."""
    import argparse
    parser = argparse.ArgumentParser(description="nnlib vs PyTorch CPU on the recurrent cases")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    set_threads(args.threads)
    for case in CASES:
        speeds = measure(case, rounds=3, seconds=1.0)
        if case.unit == "iterations":
            line = "   ".join(f"{lib} {10000 / v:.1f} s per 10,000 iterations" for lib, v in speeds.items())
        else:
            line = "   ".join(f"{lib} {v:,.0f} {case.unit}/s" for lib, v in speeds.items())
        ratio = speeds["nnlib"] / speeds["torch"] if "torch" in speeds else float("nan")
        print(f"{case.name:32s} {line}   ratio {ratio:.2f}", flush=True)


if __name__ == "__main__":
    main()
