"""Feedback: statistics of a propagator's outputs over an epoch (dp's Confusion, Perplexity).

A feedback is `reset()` at the start of an epoch, sees every batch through
`add(output, targets)` and summarises the epoch in `report()`, a dict of floats
whose keys become metrics columns (prefixed by train_/valid_/test_).
"""
import math

import numpy as np


class Confusion:
    """Confusion matrix and accuracy of a classifier (dp's Confusion over optim.ConfusionMatrix).

    `output` is (N, C) scores (log-probabilities, say); the prediction is the
    argmax. `matrix[t, p]` counts examples of true class t predicted as p, so
    accuracy = trace / total and per-class accuracy = diagonal / row sums.
    """

    name = "accuracy"

    def __init__(self, n_classes=None):
        self.n_classes = n_classes
        self.matrix = None if n_classes is None else np.zeros((n_classes, n_classes), dtype=np.int64)

    def reset(self):
        if self.matrix is not None:
            self.matrix.fill(0)

    def add(self, output, targets):
        output = np.asarray(output)
        targets = np.asarray(targets).reshape(-1)
        if output.ndim != 2 or output.shape[0] != targets.shape[0]:
            raise ValueError(f"Confusion: expected outputs (N, C) and N targets, got outputs {output.shape} "
                             f"and targets {targets.shape}")
        if self.matrix is None:
            self.n_classes = output.shape[1]
            self.matrix = np.zeros((self.n_classes, self.n_classes), dtype=np.int64)
        if output.shape[1] != self.n_classes:
            raise ValueError(f"Confusion: outputs have {output.shape[1]} classes, the matrix has {self.n_classes}")
        if targets.size and (targets.min() < 0 or targets.max() >= self.n_classes):
            raise ValueError(f"Confusion: target labels must be in [0, {self.n_classes}), got "
                             f"[{targets.min()}, {targets.max()}]")
        predictions = np.argmax(output, axis=1)
        np.add.at(self.matrix, (targets, predictions), 1)

    @property
    def accuracy(self):
        """Fraction of examples classified correctly (0 before any example)."""
        total = 0 if self.matrix is None else int(self.matrix.sum())
        return float(np.trace(self.matrix)) / total if total else 0.0

    @property
    def per_class_accuracy(self):
        """Recall of each class: diagonal / row sums (NaN for a class never seen)."""
        rows = self.matrix.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.diag(self.matrix) / rows

    def report(self):
        return {"accuracy": self.accuracy}


class Perplexity:
    """exp(mean negative log-likelihood per token) of a language model (dp's Perplexity).

    `output` holds log-probabilities: either over the vocabulary, shape
    (..., V) with `targets` of shape (...) (a LogSoftMax output), or already
    the log-probability of each target, same shape as `targets` (a SoftMaxTree).
    """

    name = "perplexity"

    def __init__(self):
        self.nll = 0.0
        self.n_tokens = 0

    def reset(self):
        self.nll = 0.0
        self.n_tokens = 0

    def add(self, output, targets):
        output = np.asarray(output)
        targets = np.asarray(targets)
        if output.shape == targets.shape and output.dtype.kind == "f":
            picked = output
        elif output.shape[:-1] == targets.shape:
            flat = output.reshape(-1, output.shape[-1])
            picked = flat[np.arange(flat.shape[0]), targets.reshape(-1)]
        else:
            raise ValueError(f"Perplexity: outputs {output.shape} do not fit targets {targets.shape}; expected "
                             "log-probabilities (..., V) with targets (...), or one log-probability per target")
        self.nll -= float(np.sum(picked, dtype=np.float64))
        self.n_tokens += targets.size

    @property
    def perplexity(self):
        """exp(nll / tokens); 0 before any token, as in dp; inf when it overflows."""
        if not self.n_tokens:
            return 0.0
        mean = self.nll / self.n_tokens
        return math.exp(mean) if mean < 709.0 else math.inf

    def report(self):
        return {"perplexity": self.perplexity}
