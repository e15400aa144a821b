"""The seed CNN (conv 5x5 32/64, max-pool 3/2, ReLU, LogSoftMax, ClassNLL), one plain SGD step per call.

    PYTHONPATH=. python benchmarks/cases_cnn.py         # both batch sizes, 2 threads, with a kernel breakdown
"""
import numpy as np

from benchmarks.harness import Case, nnlib_sgd_step, torch_sgd_step

LR = 0.1
BATCHES = (10, 128)


def _data(batch):
    rng = np.random.default_rng(0)
    return rng.random((batch, 1, 28, 28), dtype=np.float32), rng.integers(0, 10, batch)


def _nnlib_model():
    from nnlib import models, nn
    model = models.seed_cnn()
    # like torch, whose input tensor does not require grad: no gradient w.r.t. the images
    model.modules[0].need_grad_input = False
    return model, nn.ClassNLLCriterion()


def nnlib_step(batch):
    return nnlib_sgd_step(*_nnlib_model(), *_data(batch), LR)


def torch_step(batch):
    import torch
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(3, 2),
                          nn.Conv2d(32, 64, 5), nn.ReLU(), nn.MaxPool2d(3, 2),
                          nn.Flatten(), nn.Linear(64 * 3 * 3, 10), nn.LogSoftmax(dim=1))
    return torch_sgd_step(model, nn.NLLLoss(), *_data(batch), LR)


def breakdown(batch, steps=50):
    """Median seconds per module (forward and backward) of the nnlib training step, in model order."""
    import time
    model, criterion = _nnlib_model()
    x, y = _data(batch)
    n = len(model.modules)
    fwd, bwd = [[] for _ in range(n)], [[] for _ in range(n)]
    for _ in range(steps):
        h = x
        for i, m in enumerate(model.modules):
            t0 = time.perf_counter()
            h = m.forward(h)
            fwd[i].append(time.perf_counter() - t0)
        criterion.forward(h, y)
        g = criterion.backward(h, y)
        for i in range(n - 1, -1, -1):
            prev = model.modules[i - 1].output if i else x
            t0 = time.perf_counter()
            g = model.modules[i].backward(prev, g)
            bwd[i].append(time.perf_counter() - t0)
    return [(repr(m), float(np.median(f)), float(np.median(b))) for m, f, b in zip(model.modules, fwd, bwd)]


CASES = [Case(f"seed_cnn_b{b}", lambda b=b: nnlib_step(b), lambda b=b: torch_step(b), b) for b in BATCHES]


if __name__ == "__main__":
    from benchmarks import harness
    harness.set_threads(2)
    for case in CASES:
        speeds = harness.measure(case)
        ratio = speeds["nnlib"] / speeds["torch"] if "torch" in speeds else float("nan")
        print(f"{case.name}: nnlib {speeds['nnlib']:.0f} samples/s, torch {speeds.get('torch', float('nan')):.0f} "
              f"samples/s, ratio {ratio:.2f}")
    for batch in BATCHES:
        rows = breakdown(batch)
        total = sum(f + b for _, f, b in rows)
        print(f"\nbatch {batch}: nnlib step {total * 1e3:.2f} ms (sum of module medians)")
        for name, f, b in rows:
            print(f"  {name:48s} fwd {f * 1e6:8.0f} us  bwd {b * 1e6:8.0f} us  {100 * (f + b) / total:5.1f}%")
