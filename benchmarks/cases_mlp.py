"""MLP 784-200-200-10 (ReLU, LogSoftMax, ClassNLL), one plain SGD step per call."""
import numpy as np

from benchmarks.harness import Case

LR = 0.1


def _data(batch):
    rng = np.random.default_rng(0)
    return rng.random((batch, 784), dtype=np.float32), rng.integers(0, 10, batch)


def nnlib_step(batch):
    from nnlib import models, nn
    model = models.mlp(784, (200, 200), 10, "relu")
    criterion = nn.ClassNLLCriterion()
    params, grads = model.get_parameters()
    x, y = _data(batch)

    def step():
        out = model.forward(x)
        criterion.forward(out, y)
        model.backward(x, criterion.backward(out, y))
        params[...] -= LR * grads
        grads.fill(0)
    return step


def torch_step(batch):
    import torch
    model = torch.nn.Sequential(torch.nn.Linear(784, 200), torch.nn.ReLU(), torch.nn.Linear(200, 200),
                                torch.nn.ReLU(), torch.nn.Linear(200, 10), torch.nn.LogSoftmax(dim=1))
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.NLLLoss()
    x, y = (torch.from_numpy(a) for a in _data(batch))

    def step():
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
    return step


CASES = [Case(f"mlp_784-200-200-10_b{b}", lambda b=b: nnlib_step(b), lambda b=b: torch_step(b), b)
         for b in (20, 128)]
