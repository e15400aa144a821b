"""Propagators: push one epoch of a data set through a model (dp's Optimizer and Evaluator).

A propagator owns a sampler, a criterion and an optional feedback. Its
`propagate(model, dataset)` runs one epoch and returns a report dict:
`loss` (the criterion's value averaged over examples, or tokens for text)
plus the feedback's keys (`accuracy` or `perplexity`).

`transform`, when given, maps each batch's raw inputs to the model's input
(e.g. uint8 images to float32 in [0, 1], flattened for an MLP), so the
propagators work the same on in-memory arrays and on HDF5 datasets. With
`include_target` the model gets the table `[inputs, targets]` (dp's
`includeTarget()`, for a SoftMaxTree output layer, which returns the
log-probability of each target).
Models with a `forget()` method (recurrent ones) forget their hidden state at
the start of every epoch and whenever a TextSampler restarts its streams;
between batches of a stream the state carries over when the model remembers
it (`Sequencer.remember("both")`, which run_language_model sets). Since every
epoch starts from a forgotten state, checkpoints need no hidden state.

A batch whose loss, or whose running feedback (a perplexity that overflows
counts), is not finite stops the epoch with a `NonFiniteError`: a diverged
run fails loudly instead of finishing with inf or NaN in its metrics.
"""
import contextlib
import math
import time

import numpy as np


class _NoBar:
    def update(self, n):
        pass


def _progress_bar(progress, total, desc):
    """A tqdm bar when `progress` is on and tqdm is installed (the `workflow` extra), else a no-op:
    tqdm is imported only here, so `import nnlib` does not need it."""
    if progress:
        try:
            from tqdm import tqdm
        except ImportError:
            pass
        else:
            return tqdm(total=total, desc=desc, unit="ex", leave=False, dynamic_ncols=True)
    return contextlib.nullcontext(_NoBar())


def image_transform(flatten=False, scale=255.0, dtype=np.float32):
    """A batch transform: integer pixels -> `dtype` divided by `scale`, optionally flattened to (N, -1)."""
    dtype = np.dtype(dtype)
    divisor = dtype.type(scale)

    def transform(x):
        out = np.asarray(x).astype(dtype)
        out /= divisor
        return out.reshape(len(out), -1) if flatten else out

    return transform


def duration(seconds):
    """`seconds` as 1h02m, 3m05s or 12s."""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def progress_line(desc, done, total, unit, seconds, values):
    """One progress line within an epoch phase, e.g.
    `epoch 3 train  1200/50000 samples (2%)  loss 0.4123  accuracy 0.8812  samples/s 1534  eta 32s`.

    Args:
        desc: what the phase is ("epoch 3 train").
        done, total: examples (or tokens) processed so far and in the whole phase (about).
        unit: "samples" or "tokens".
        seconds: time since the phase started.
        values: the loss and feedback so far (name -> number), in order.
    """
    rate = done / seconds if seconds > 0 else math.inf
    parts = [f"{desc}" if desc else "progress",
             f"{done}/{total} {unit} ({100 * done / total:.0f}%)" if total else f"{done} {unit}"]
    parts += [f"{name} {value:.6g}" for name, value in values.items()]
    parts.append(f"{unit}/s {rate:.0f}")
    if total and math.isfinite(rate) and rate > 0:
        parts.append(f"eta {duration(max(0, total - done) / rate)}")
    return "  ".join(parts)


class NonFiniteError(FloatingPointError):
    """A loss or a metric became NaN or infinite: the run diverged.

    `batch` is the 1-based batch of the epoch, `quantity` what was not finite
    (loss, perplexity, ...); the Experiment adds its name, the epoch and the phase.
    """

    def __init__(self, quantity, value, batch, where="", unit="batch"):
        self.quantity, self.value, self.batch, self.where = quantity, value, batch, where
        super().__init__(f"{where}{unit} {batch}: the {quantity} is {value} (not finite); the run diverged. "
                         "Lower the learning rate (or clip the gradients: cutoff_norm), then rerun")

    def located(self, where, unit="batch"):
        """The same error with `where` ("experiment X: epoch 3, train ") in front of the `unit` number."""
        return NonFiniteError(self.quantity, self.value, self.batch, where, unit)


def check_finite(batch, **values):
    """Raise NonFiniteError for the first of `values` (name=number) that is NaN or infinite."""
    for name, value in values.items():
        if not math.isfinite(value):
            raise NonFiniteError(name, value, batch)


class Propagator:
    """Shared epoch loop of Optimizer and Evaluator."""

    mode = "evaluate"

    def __init__(self, sampler, criterion, feedback=None, transform=None, include_target=False):
        self.sampler = sampler
        self.criterion = criterion
        self.feedback = feedback
        self.transform = transform
        self.include_target = bool(include_target)
        self.n_samples = 0  # examples (tokens for text) in the last epoch
        self.batch = 0  # 1-based number of the batch being processed (or the last one)

    def _prepare(self, model):
        """Called once before the first batch of an epoch."""

    def _step(self, model, inputs, targets):
        """Process one batch; return (loss, output)."""
        raise NotImplementedError

    def propagate(self, model, dataset, progress=False, desc=None, log=None, log_interval=None):
        """Run one epoch over `dataset`; return {"loss": ..., <feedback keys>: ...}.

        Args:
            progress: show a tqdm bar (when tqdm is installed).
            desc: what the epoch is ("epoch 3 train"): the bar's label and the start of progress lines.
            log: a function taking one line of text; with `log_interval` (seconds, >= 0), once that
                long has passed since the phase started or since the last line, a line after the
                batch says how far the phase is (examples or tokens and percent), the loss and
                feedback so far, the rate per second and the time left (`progress_line`).
                0 logs every batch; None logs nothing.
        """
        getattr(model, "training" if self.mode == "train" else "evaluate")()
        forget = getattr(model, "forget", None)
        if forget is not None:
            forget()
        if self.feedback is not None:
            self.feedback.reset()
        self._prepare(model)
        loss_sum, count, first, self.batch = 0.0, 0, True, 0
        lines = log is not None and log_interval is not None
        total = self.sampler.epoch_length(dataset) if progress or lines else None
        started = last_line = time.perf_counter()
        with _progress_bar(progress, total, desc) as bar:
            for batch in self.sampler.sample_epoch(dataset):
                if batch.new_stream and not first and forget is not None:
                    forget()
                first = False
                self.batch += 1
                inputs = batch.inputs if self.transform is None else self.transform(batch.inputs)
                if self.include_target:
                    inputs = [inputs, batch.targets]
                loss, output = self._step(model, inputs, batch.targets)
                loss_sum += float(loss) * batch.n_samples
                count += batch.n_samples
                metrics = self.feedback.report() if self.feedback is not None else {}
                check_finite(self.batch, loss=float(loss), **metrics)
                bar.update(batch.n_samples)
                if lines and time.perf_counter() - last_line >= log_interval:
                    last_line = time.perf_counter()
                    log(progress_line(desc, count, total, self.sampler.unit, last_line - started,
                                      {"loss": loss_sum / count, **metrics}))
        self.n_samples = count
        report = {"loss": loss_sum / count if count else float("nan")}
        if self.feedback is not None:
            report.update(self.feedback.report())
        return report

    def _forward(self, model, inputs, targets, record=True):
        """Forward and loss; `record` adds the batch to the feedback."""
        output = model.forward(inputs)
        loss = self.criterion.forward(output, targets)
        if record and self.feedback is not None:
            self.feedback.add(output, targets)
        return loss, output

    def state_dict(self, model):
        """What a checkpoint needs to resume this propagator (`model` for per-model state)."""
        return {"sampler": self.sampler.state_dict()}

    def load_state_dict(self, state, model):
        self.sampler.load_state_dict(state["sampler"])


class Evaluator(Propagator):
    """Forward only, in evaluation mode (dropout off, running batch-norm statistics).

    Its sampler restarts at the first example every epoch, so with an
    `epoch_size` smaller than the data set each epoch is measured on the same
    examples (as dp's TextSampler, which restarted its streams every epoch).
    """

    def _prepare(self, model):
        self.sampler.position = 0

    def _step(self, model, inputs, targets):
        return self._forward(model, inputs, targets)


class Optimizer(Propagator):
    """Trains the model: forward, backward and a parameter update per batch.

    Without `algorithm`, the update is dp's callback, in its order:
    grad_param_clip(cutoff_norm) when cutoff_norm is set, then
    update_grad_parameters(momentum), update_parameters(lr),
    max_param_norm(max_out_norm) when set, zero_grad_parameters().
    With `algorithm` (any `nnlib.optim` function), the flat parameters from
    `get_parameters()` are updated by `algorithm(feval, x, config, state)`
    with `config = {**optim_config, lr_key: lr}` (`lr_key` None: an algorithm
    without a learning rate, such as adadelta or cg, gets `optim_config` alone);
    max_param_norm still follows.

    `lr` is the current learning rate; before each epoch after the first,
    `schedule.next_lr(lr, finished_epoch)` replaces it (see schedules.py).
    """

    mode = "train"

    def __init__(self, sampler, criterion, feedback=None, transform=None, lr=0.1, schedule=None,
                 momentum=0.0, max_out_norm=None, cutoff_norm=None, algorithm=None, optim_config=None,
                 lr_key="learning_rate", include_target=False):
        super().__init__(sampler, criterion, feedback, transform, include_target)
        if not lr > 0:
            raise ValueError(f"Optimizer: lr must be positive, got {lr!r}")
        if algorithm is not None and momentum:
            raise ValueError(f"Optimizer: momentum={momentum} applies to dp's module SGD; with an algorithm, "
                             "put it in optim_config (e.g. optim_config={'momentum': 0.9} for optim.sgd)")
        self.lr = float(lr)
        self.schedule = schedule
        self.momentum = float(momentum)
        self.max_out_norm = max_out_norm if max_out_norm and max_out_norm > 0 else None
        self.cutoff_norm = cutoff_norm if cutoff_norm and cutoff_norm > 0 else None
        self.algorithm = algorithm
        self.optim_config = dict(optim_config or {})
        self.lr_key = lr_key
        self.optim_state = {}

    def start_epoch(self, finished_epoch):
        """Apply the schedule before the epoch after `finished_epoch` (> 0)."""
        if self.schedule is not None and finished_epoch > 0:
            self.lr = float(self.schedule.next_lr(self.lr, finished_epoch))

    def _prepare(self, model):
        if self.algorithm is not None:
            self._flat = model.get_parameters()
        model.zero_grad_parameters()

    def _forward_backward(self, model, inputs, targets, record=True):
        loss, output = self._forward(model, inputs, targets, record)
        model.backward(inputs, self.criterion.backward(output, targets))
        if self.cutoff_norm is not None:
            model.grad_param_clip(self.cutoff_norm)
        return loss, output

    def _step(self, model, inputs, targets):
        if self.algorithm is None:
            loss, output = self._forward_backward(model, inputs, targets)
            model.update_grad_parameters(self.momentum)
            model.update_parameters(self.lr)
        else:
            flat_p, flat_g = self._flat
            calls = []

            def feval(x):
                flat_g.fill(0)
                result = self._forward_backward(model, inputs, targets, record=not calls)
                calls.append(result)
                return result[0], flat_g

            config = self.optim_config if self.lr_key is None else {**self.optim_config, self.lr_key: self.lr}
            self.algorithm(feval, flat_p, config, self.optim_state)
            loss, output = calls[0]
        if self.max_out_norm is not None:
            model.max_param_norm(self.max_out_norm)
        model.zero_grad_parameters()
        return loss, output

    def state_dict(self, model):
        """Sampler position, learning rate, the algorithm's state and the model's momentum velocity."""
        return {"sampler": self.sampler.state_dict(), "lr": self.lr, "optim_state": self.optim_state,
                "momentum_velocity": getattr(model, "_momentum_velocity", None)}

    def load_state_dict(self, state, model):
        self.sampler.load_state_dict(state["sampler"])
        self.lr = float(state["lr"])
        self.optim_state = state["optim_state"] or {}
        velocity = state.get("momentum_velocity")
        if velocity is None:  # no attribute, as in a model never trained with momentum: saves identically
            vars(model).pop("_momentum_velocity", None)
        else:
            model._momentum_velocity = [np.array(v) for v in velocity]
