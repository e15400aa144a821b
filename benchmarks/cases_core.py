"""MLP 784-200-200-10 with BatchNormalization and Dropout, CrossEntropyCriterion, one plain SGD step per call."""
import numpy as np

from benchmarks.harness import Case

LR = 0.1


def _data(batch):
    rng = np.random.default_rng(0)
    return rng.random((batch, 784), dtype=np.float32), rng.integers(0, 10, batch)


def nnlib_step(batch):
    from nnlib import nn
    model = nn.Sequential(nn.Linear(784, 200), nn.BatchNormalization(200), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(200, 200), nn.BatchNormalization(200), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(200, 10))
    criterion = nn.CrossEntropyCriterion()
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
    nn = torch.nn
    model = nn.Sequential(nn.Linear(784, 200), nn.BatchNorm1d(200), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(200, 200), nn.BatchNorm1d(200), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(200, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = nn.CrossEntropyLoss()
    x, y = (torch.from_numpy(a) for a in _data(batch))

    def step():
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
    return step


CASES = [Case(f"mlp_bn_dropout_784-200-200-10_b{b}", lambda b=b: nnlib_step(b), lambda b=b: torch_step(b), b)
         for b in (20, 128)]
