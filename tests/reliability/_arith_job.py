"""A child process for the arithmetic-reproducibility tests: a few training steps of each named
workload, at a given thread count, printing one JSON line {workload: sha256 of its numbers}.

Usage: python _arith_job.py THREADS [--parallel-paths] WORKLOAD [WORKLOAD ...]   (WORKLOADS' keys)
Each workload's numbers are its losses and its final parameters, bit for bit. With
--parallel-paths every size-dispatched kernel runs its parallel version, whatever the sizes.
"""
import contextlib
import hashlib
import json
import sys
import tempfile

import numpy as np

import nnlib
from nnlib import models, nn


def _steps(model, criterion, x, y, steps=2, lr=0.05):
    """`steps` SGD steps on one batch; the losses and the parameters after them."""
    losses = []
    for _ in range(steps):
        out = model.forward(x)
        losses.append(float(criterion.forward(out, y)))
        model.zero_grad_parameters()
        model.backward(x, criterion.backward(out, y))
        model.update_parameters(lr)
    return losses, model.get_parameters()[0]


def _images(rng, shape, n, classes=10):
    return rng.standard_normal((n, *shape)).astype(np.float32), rng.integers(0, classes, n)


def mlp():
    rng = np.random.default_rng(1)
    x, y = _images(rng, (784,), 64)
    return _steps(models.mlp(784, (200, 200), 10), nn.ClassNLLCriterion(), x, y)


def batchnorm_mlp():
    rng = np.random.default_rng(2)
    x, y = _images(rng, (784,), 128)
    return _steps(models.depth_mlp(2, "modern"), nn.ClassNLLCriterion(), x, y)


def cnn():
    rng = np.random.default_rng(3)
    x, y = _images(rng, (1, 28, 28), 32)
    return _steps(models.seed_cnn(), nn.ClassNLLCriterion(), x, y)


def conv3d():
    """VolumetricConvolution on planes large enough to run volume by volume (blocks of volumes)."""
    rng = np.random.default_rng(5)
    x = rng.standard_normal((6, 2, 4, 16, 16)).astype(np.float32)
    y = rng.standard_normal((6, 4, 4, 16, 16)).astype(np.float32)
    model = nn.Sequential(nn.VolumetricConvolution(2, 4, 3, 3, 3, 1, 1, 1, 1, 1, 1), nn.Tanh())
    return _steps(model, nn.MSECriterion(), x, y)


def dilated_full():
    """SpatialDilatedConvolution and SpatialFullConvolution, both volume by volume at these sizes."""
    rng = np.random.default_rng(6)
    x = rng.standard_normal((5, 3, 16, 16)).astype(np.float32)
    y = rng.standard_normal((5, 2, 32, 32)).astype(np.float32)
    model = nn.Sequential(nn.SpatialDilatedConvolution(3, 4, 3, 3, 1, 1, 2, 2, 2, 2), nn.Tanh(),
                          nn.SpatialFullConvolution(4, 2, 4, 4, 2, 2, 1, 1))
    return _steps(model, nn.MSECriterion(), x, y)


def temporal():
    """TemporalConvolution: its weight gradient sums one product per block of sequences."""
    rng = np.random.default_rng(8)
    x = rng.standard_normal((5, 20, 6)).astype(np.float32)
    y = rng.standard_normal((5, 16, 4)).astype(np.float32)
    model = nn.Sequential(nn.TemporalConvolution(6, 4, 5), nn.Tanh())
    return _steps(model, nn.MSECriterion(), x, y)


def lstm_lm():
    rng = np.random.default_rng(4)
    vocab, steps, batch = 1000, 10, 16
    x = rng.integers(0, vocab, (steps, batch))
    y = rng.integers(0, vocab, (steps, batch))
    model = models.rnnlm(vocab, (64, 64), cell="lstm")
    return _steps(model, models.rnnlm_criterion(), x, y)


def seq10():
    from nnlib.experiment import run_seq10
    with tempfile.TemporaryDirectory() as tmp:
        model, rows = run_seq10(tmp, {"iterations": 20, "log_every": 10})
    return [r["nll"] for r in rows], model.get_parameters()[0]


WORKLOADS = {"seq10": seq10, "mlp": mlp, "batchnorm_mlp": batchnorm_mlp, "cnn": cnn, "lstm_lm": lstm_lm,
             "conv3d": conv3d, "dilated_full": dilated_full, "temporal": temporal}


def digest(workload):
    nnlib.manual_seed(7)
    losses, params = WORKLOADS[workload]()
    h = hashlib.sha256(np.asarray(losses, dtype=np.float64).tobytes())
    h.update(np.ascontiguousarray(params).tobytes())
    return h.hexdigest()


if __name__ == "__main__":
    from nnlib.kernels import parallel_paths
    names = sys.argv[2:]
    forced = "--parallel-paths" in names
    with parallel_paths() if forced else contextlib.nullcontext():
        nnlib.set_num_threads(int(sys.argv[1]))
        print(json.dumps({w: digest(w) for w in names if w != "--parallel-paths"}))
