"""`Experiment`: the epoch loop of dp's Experiment, with checkpoints.

Each epoch: the Optimizer trains on `train`, the validator and the tester
evaluate on `valid` and `test`, a report (one metrics row) is built, the
observers see it, and the whole state is checkpointed. The loop stops when an
observer asks to or after `max_epoch` epochs.

Metrics row / metrics.csv columns, in this order (RUNS_CONTRACT.md):
    epoch           1-based epoch number
    lr              learning rate used for this epoch's training
    seconds         wall time of the epoch (train + valid + test)
    tokens_per_second   only when training on a TextSampler: training tokens / training seconds
    train_loss      the criterion's per-batch value averaged over the epoch, weighted by batch size
                    (examples, or tokens for text)
    train_<fb>      the optimizer's feedback: train_accuracy (Confusion) or train_perplexity (Perplexity)
    valid_loss, valid_<fb>   the same for the validator (omitted without a validator)
    test_loss, test_<fb>     the same for the tester (omitted without a tester)
Every column but the timings (seconds, tokens_per_second) is reproducible bit for
bit (same seed, same thread count).

Log lines (to `log`, else the `nnlib.experiment.experiment` logger): one per epoch with
the row, the training rate (samples/s for classifiers, tokens/s for text) and an ETA;
within a long epoch, with `log_interval`, a progress line every `log_interval` seconds
(see `progress_line`). A tqdm bar on a terminal replaces the progress lines.
"""
import logging
import math
import sys
import time

import numpy as np

from .. import random as nnrandom
from .checkpoint import (arithmetic_context, check_arithmetic, latest_checkpoint, load_model_state, model_state,
                         save_checkpoint)
from .propagators import NonFiniteError, duration

logger = logging.getLogger(__name__)


class Experiment:
    """Trains `model` with `optimizer`, evaluates with `validator` / `tester`, informs `observers`.

    `random_seed` seeds the library generator (dropout), numpy's legacy global
    generator and the samplers at the start of a fresh run; all their states
    go into checkpoints. `progress`: a tqdm bar per epoch phase (None: only when
    stderr is a terminal); without it, one log line per epoch goes to `log`, and
    with `log_interval` (seconds; None: off, 0: every batch) a progress line within
    each phase (train, valid, test) once that long has passed since the last one,
    so that a long epoch shows its loss, rate and time left as it goes.
    `name` identifies the run in errors (a NaN or infinite loss or metric stops
    the run with a NonFiniteError naming it, the epoch, the phase and the batch).
    """

    def __init__(self, model, optimizer, validator=None, tester=None, observers=(), random_seed=7,
                 max_epoch=1000, progress=None, log=None, name="experiment", log_interval=None):
        self.name = str(name)
        self.model = model
        self.optimizer = optimizer
        self.validator = validator
        self.tester = tester
        self.observers = list(observers)
        self.random_seed = int(random_seed)
        self.max_epoch = int(max_epoch)
        self.progress = progress
        self.log = log
        if log_interval is not None and not log_interval >= 0:
            raise ValueError(f"Experiment: log_interval must be None (no progress lines) or seconds >= 0, "
                             f"got {log_interval!r}")
        self.log_interval = log_interval
        self.epoch = 0
        self.done = False
        self.metrics = []
        self.fingerprint = None

    def _phases(self, train, valid, test):
        phases = [("train", self.optimizer, train)]
        if self.validator is not None and valid is not None:
            phases.append(("valid", self.validator, valid))
        if self.tester is not None and test is not None:
            phases.append(("test", self.tester, test))
        return phases

    def _propagators(self):
        return {"optimizer": self.optimizer, "validator": self.validator, "tester": self.tester}

    def _seed(self):
        nnrandom.manual_seed(self.random_seed)
        np.random.seed(self.random_seed % 2**32)
        seeds = np.random.SeedSequence(self.random_seed).spawn(3)
        for seq, prop in zip(seeds, self._propagators().values()):
            if prop is not None:
                prop.sampler.seed(int(seq.generate_state(1)[0]))

    def state_dict(self):
        """Everything needed to continue after the current epoch (metrics stored column by column)."""
        columns = list(self.metrics[0]) if self.metrics else []
        return {
            "fingerprint": self.fingerprint,
            "arithmetic": arithmetic_context(),
            "epoch": self.epoch,
            "done": self.done,
            "metrics": {"columns": columns, "values": [[row[c] for row in self.metrics] for c in columns]},
            "model": model_state(self.model),
            "rng": nnrandom.get_rng_state(),
            "numpy_rng": list(np.random.get_state()),
            "propagators": {name: p.state_dict(self.model) for name, p in self._propagators().items()
                            if p is not None},
            "observers": [o.state_dict() for o in self.observers],
        }

    def load_state_dict(self, state):
        """Restore a `state_dict()` (model in place, generators, samplers, observers, metrics)."""
        if len(state["observers"]) != len(self.observers):
            raise ValueError(f"Experiment: the checkpoint has {len(state['observers'])} observer states "
                             f"but the experiment has {len(self.observers)} observers")
        load_model_state(self.model, state["model"])
        nnrandom.set_rng_state(state["rng"])
        np.random.set_state(tuple(state["numpy_rng"]))
        for name, prop in self._propagators().items():
            if prop is not None:
                if name not in state["propagators"]:
                    raise ValueError(f"Experiment: the checkpoint has no state for the {name}")
                prop.load_state_dict(state["propagators"][name], self.model)
        for observer, s in zip(self.observers, state["observers"]):
            observer.load_state_dict(s)
        self.epoch = int(state["epoch"])
        self.done = bool(state["done"])
        columns, values = state["metrics"]["columns"], state["metrics"]["values"]
        self.metrics = [dict(zip(columns, row)) for row in zip(*values)]

    def run(self, train, valid=None, test=None, checkpoint=None, fingerprint=None):
        """Train until an observer stops the run or `max_epoch`; return the metrics rows.

        With `checkpoint` (a path), the state is saved there after every epoch
        (the generation before kept beside it, see checkpoint.py), and a run
        that finds one resumes from the newest intact one, logging any damaged
        file it skipped: a killed run, rerun, ends with the same metrics and
        weights as one never interrupted. A `fingerprint` (any string
        identifying the configuration) is stored in the checkpoint; a
        checkpoint with another fingerprint is ignored (the run starts over
        and replaces it). A checkpoint written under another CPU target, BLAS
        or library version (`arithmetic_context`) is refused (ResumeRefused,
        saying how to proceed); another thread count is allowed, results do
        not depend on it. Raising `max_epoch` continues a finished run.
        After a resume, observers get `on_resume(experiment)`.
        """
        self.fingerprint = fingerprint
        state = None
        if checkpoint is not None:
            state = latest_checkpoint(checkpoint, self._write)
            if state is not None and fingerprint is not None and state.get("fingerprint") != fingerprint:
                self._write(f"ignoring {checkpoint}: it was written for another configuration; starting over")
                state = None
            if state is not None:
                check_arithmetic(state.get("arithmetic"), checkpoint)
        if state is None:
            self._seed()
        else:
            self.load_state_dict(state)
            for observer in self.observers:
                observer.on_resume(self)
        progress = sys.stderr.isatty() if self.progress is None else self.progress
        while not self.done and self.epoch < self.max_epoch:
            self.optimizer.start_epoch(self.epoch)
            self.epoch += 1
            started = time.perf_counter()
            row = {"epoch": self.epoch, "lr": self.optimizer.lr, "seconds": 0.0}
            throughput = self.optimizer.sampler.throughput_column
            if throughput is not None:
                row[throughput] = 0.0
            rate = None
            for prefix, prop, data in self._phases(train, valid, test):
                phase_start = time.perf_counter()
                try:
                    report = prop.propagate(self.model, data, progress=progress, desc=f"epoch {self.epoch} {prefix}",
                                            log=self._write, log_interval=None if progress else self.log_interval)
                except NonFiniteError as e:
                    raise e.located(f"{self.name}: epoch {self.epoch}, {prefix} ") from None
                except Exception as e:
                    e.add_note(f"in {self.name}: epoch {self.epoch}, {prefix} batch {prop.batch}")
                    raise
                if prop is self.optimizer:
                    rate = prop.n_samples / (time.perf_counter() - phase_start)
                    if throughput is not None:
                        row[throughput] = rate
                row.update({f"{prefix}_{k}": float(v) for k, v in report.items()})
            row["seconds"] = time.perf_counter() - started
            self.metrics.append(row)
            stops = [observer.on_epoch_end(row, self) for observer in self.observers]
            self.done = any(stops)
            if checkpoint is not None:
                save_checkpoint(checkpoint, self.state_dict())
            self._log(row, rate)
        return self.metrics

    def _write(self, line):
        """One progress line: to `log` (a text stream) when given, else to the `nnlib.experiment` logger."""
        if self.log is not None:
            self.log.write(line + "\n")
            self.log.flush()
        else:
            logger.info(line)

    def _log(self, row, rate):
        """The epoch line: the row's values, the training rate (when the row has no column for it),
        the epoch's time and the time left at most."""
        parts = [f"epoch {row['epoch']}"]
        for key, value in row.items():
            if key in ("epoch", "seconds"):
                continue
            if key.endswith("_per_second"):
                parts.append(f"{key} {value:.0f}")
                continue
            parts.append(f"{key} {value:.6g}" if isinstance(value, float) and math.isfinite(value)
                         else f"{key} {value}")
        if self.optimizer.sampler.throughput_column not in row and rate is not None:
            parts.append(f"{self.optimizer.sampler.unit}_per_second {rate:.0f}")
        parts.append(f"({row['seconds']:.1f} s)")
        remaining = self.max_epoch - row["epoch"]
        if remaining > 0 and not self.done:  # early stopping may end the run sooner
            seconds = remaining * sum(r["seconds"] for r in self.metrics) / len(self.metrics)
            parts.append(f"eta <= {duration(seconds)} ({remaining} epochs left)")
        self._write("  ".join(parts))

