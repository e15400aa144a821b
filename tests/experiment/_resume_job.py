"""A tiny training run with checkpoints, for the kill-and-resume test.

`python _resume_job.py OUT_DIR DELAY` trains an MLP with batch normalization
(running statistics), dropout (the library generator), a layer drawing from
numpy's global generator, momentum (or an nnlib.optim algorithm's state), a
partial-epoch shuffle sampler and adaptive decay, sleeping DELAY seconds per
epoch so a test can kill it between checkpoints; it writes OUT_DIR/metrics.csv,
checkpoint.h5 and weights.npz.
"""
import os
import sys
import time

import numpy as np

import nnlib
from nnlib import experiment as ex
from nnlib import nn

MAX_EPOCH = 5


@nnlib.io.register_module
class Shift(nn.Module):
    """Adds a random shift in training mode, drawn from numpy's legacy global generator
    (as stray third-party code might), so checkpoints must carry that generator too."""

    def update_output(self, x):
        self.output = x + np.float32(np.random.uniform(-0.05, 0.05)) if self.train else x
        return self.output

    def update_grad_input(self, x, grad_output):
        self.grad_input = grad_output
        return grad_output


class Sleep(ex.Observer):
    def __init__(self, seconds):
        self.seconds = seconds

    def on_epoch_end(self, report, experiment):
        time.sleep(self.seconds)
        return False


def build(out_dir, delay=0.0, max_epoch=MAX_EPOCH, algorithm=None):
    """The experiment and its data sets; `algorithm` names an nnlib.optim function (default: dp's SGD)."""
    rng = np.random.default_rng(11)
    x = rng.integers(0, 256, size=(90, 1, 3, 3), dtype=np.uint8)
    y = (x.reshape(90, -1)[:, :4].mean(1) > 127).astype(np.int64)
    nnlib.manual_seed(3)
    model = nn.Sequential(nn.Linear(9, 6), nn.BatchNormalization(6), nn.Tanh(), nn.Dropout(0.3), Shift(),
                          nn.Linear(6, 2), nn.LogSoftMax())
    tf = ex.image_transform(flatten=True)
    decay = ex.AdaptiveDecay("valid_loss", max_wait=0, decay_factor=0.5)
    update = {"algorithm": getattr(nnlib.optim, algorithm)} if algorithm else {"momentum": 0.5}
    train = ex.Optimizer(ex.ShuffleSampler(batch_size=7, epoch_size=40), nn.ClassNLLCriterion(), ex.Confusion(),
                         transform=tf, lr=0.2, schedule=ex.AdaptiveSchedule(decay, min_lr=0.01), max_out_norm=1.5,
                         **update)
    valid = ex.Evaluator(ex.Sampler(batch_size=16), nn.ClassNLLCriterion(), ex.Confusion(), transform=tf)
    test = ex.Evaluator(ex.Sampler(batch_size=16), nn.ClassNLLCriterion(), ex.Confusion(), transform=tf)
    observers = [decay, ex.EarlyStopper("valid_accuracy", maximize=True, patience=50),
                 ex.MetricsLogger(os.path.join(out_dir, "metrics.csv")), Sleep(delay)]
    xp = ex.Experiment(model, train, valid, test, observers, random_seed=5, max_epoch=max_epoch,
                       progress=False, log=open(os.devnull, "w"))
    return xp, (x[:60], y[:60]), (x[60:75], y[60:75]), (x[75:], y[75:])


def main(out_dir, delay=0.0, max_epoch=MAX_EPOCH, algorithm=None):
    xp, train, valid, test = build(out_dir, delay, max_epoch, algorithm)
    xp.run(train, valid, test, checkpoint=os.path.join(out_dir, "checkpoint.h5"))
    np.savez(os.path.join(out_dir, "weights.npz"), **ex.model_state(xp.model))
    return xp


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
