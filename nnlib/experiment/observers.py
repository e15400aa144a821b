"""Observers: act on the report at the end of each epoch (dp's EarlyStopper, AdaptiveDecay, FileLogger).

The Experiment calls `on_epoch_end(report, experiment)` on each observer in
order; an observer returns True to end the experiment after this epoch.
`on_resume(experiment)` follows a checkpoint restore.
`state_dict()` / `load_state_dict()` carry its state through checkpoints.
"""
import csv
import math
import os

from .checkpoint import load_model_state, model_state


def _report_value(owner, report, key):
    if key not in report:
        raise ValueError(f"{owner}: the report has no key {key!r}; available keys: {sorted(report)}")
    return float(report[key])


class Observer:
    """Base class: does nothing and has no state."""

    def on_epoch_end(self, report, experiment):
        return False

    def on_resume(self, experiment):
        """Called once after the experiment restored a checkpoint."""

    def state_dict(self):
        return {}

    def load_state_dict(self, state):
        """Nothing to restore."""


class _Minimum(Observer):
    """Tracks the best value of a report key (dp's ErrorMinima); `maximize` flips the sign."""

    def __init__(self, key, maximize, start_epoch):
        self.key = key
        self.maximize = bool(maximize)
        self.start_epoch = int(start_epoch)
        self.best = None
        self.best_epoch = self.start_epoch - 1

    def _update(self, report):
        """Record the report's value; True when it is a new best."""
        value = _report_value(type(self).__name__, report, self.key)
        epoch = int(report["epoch"])
        if epoch < self.start_epoch or math.isnan(value):
            return False
        signed = -value if self.maximize else value
        if self.best is None or signed < (-self.best if self.maximize else self.best):
            self.best, self.best_epoch = value, epoch
            return True
        return False

    def state_dict(self):
        return {"best": self.best, "best_epoch": self.best_epoch}

    def load_state_dict(self, state):
        self.best = None if state["best"] is None else float(state["best"])
        self.best_epoch = int(state["best_epoch"])


class EarlyStopper(_Minimum):
    """Stop when `key` has not improved for more than `patience` epochs (dp's EarlyStopper).

    `key` is any report key (e.g. "valid_loss", or "valid_accuracy" with
    maximize=True). Epochs before `start_epoch` do not count as minima. With
    `keep_best`, a copy of the model's weights at the best epoch is kept in
    `best_state` (and checkpointed), as dp saved the best model;
    `restore_best(model)` puts it back. With `on_best`, calls
    `on_best(experiment)` at each new best.
    """

    def __init__(self, key="valid_loss", maximize=False, patience=30, start_epoch=1, keep_best=False,
                 on_best=None):
        super().__init__(key, maximize, start_epoch)
        self.patience = int(patience)
        self.keep_best = bool(keep_best)
        self.on_best = on_best
        self.best_state = None

    def on_epoch_end(self, report, experiment):
        if self._update(report):
            if self.keep_best:
                self.best_state = model_state(experiment.model)
            if self.on_best is not None:
                self.on_best(experiment)
        return int(report["epoch"]) - self.best_epoch > self.patience

    def restore_best(self, model):
        """Load the kept best weights into `model` in place; False when there are none."""
        if self.best_state is None:
            return False
        load_model_state(model, self.best_state)
        return True

    def state_dict(self):
        return {**super().state_dict(), "best_state": self.best_state}

    def load_state_dict(self, state):
        super().load_state_dict(state)
        self.best_state = state.get("best_state")


class AdaptiveDecay(_Minimum):
    """Sets `decay = decay_factor` when `key` found no new best for more than `max_wait` epochs.

    dp's AdaptiveDecay: the wait counter restarts at each new best and after
    each decay; otherwise `decay` is 1. An AdaptiveSchedule multiplies the
    learning rate by `decay` before the next epoch and resets it to 1.
    """

    def __init__(self, key="valid_loss", maximize=False, max_wait=2, decay_factor=0.1, start_epoch=1):
        super().__init__(key, maximize, start_epoch)
        self.max_wait = int(max_wait)
        self.decay_factor = float(decay_factor)
        self.wait = 0
        self.decay = 1.0

    def on_epoch_end(self, report, experiment):
        self.wait = 0 if self._update(report) else self.wait + 1
        if self.wait > self.max_wait:
            self.wait = 0
            self.decay = self.decay_factor
        else:
            self.decay = 1.0
        return False

    def state_dict(self):
        return {**super().state_dict(), "wait": self.wait, "decay": self.decay}

    def load_state_dict(self, state):
        super().load_state_dict(state)
        self.wait = int(state["wait"])
        self.decay = float(state["decay"])


def write_csv_atomic(path, rows):
    """Write dict rows to `path` through a temporary file and a rename, so readers never see half a file."""
    columns = list(rows[0]) if rows else []
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([repr(row[c]) if isinstance(row[c], float) else row[c] for c in columns])
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class MetricsLogger(Observer):
    """Writes all metrics rows so far to `path` (metrics.csv) after every epoch (dp's FileLogger).

    The file is rewritten whole and atomically, so after a resume it holds
    exactly the checkpointed rows plus the new ones. Floats are written with
    repr(), which reads back to the same bits.
    """

    def __init__(self, path):
        self.path = os.fspath(path)

    def on_epoch_end(self, report, experiment):
        write_csv_atomic(self.path, experiment.metrics)
        return False

    def on_resume(self, experiment):
        """Rewrite the file from the checkpointed rows (it may be missing, or hold a row the checkpoint lacks)."""
        write_csv_atomic(self.path, experiment.metrics)
