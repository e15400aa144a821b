"""One-call training runs for the workflow scripts, configured like dp's example scripts.

`run_classification` is dp's neuralnetwork.lua / convolutionneuralnetwork.lua
(ShuffleSampler, Confusion, early stopping on validation accuracy);
`run_language_model` is recurrentlanguagemodel.lua (TextSampler, Perplexity,
early stopping on validation perplexity). Both write into `out_dir`:
- `metrics.csv` (columns in experiment.py),
- `model.h5`: the model at its best validation epoch (dp's EarlyStopper saved
  that one), which the returned Experiment's model also holds,
- `checkpoint.h5`, resumed when present and written for the same
  configuration, data and initial weights (raising max_epoch continues a
  finished run),
- classification only: `predictions.csv` (index, target, prediction for each
  test example, from the best model).
The data sets are read into memory from the HDF5 files the data rules write.

Config keys (dp's command-line options in snake_case), with their defaults in
TRAIN_DEFAULTS / LM_DEFAULTS; an unknown key is an error, to catch typos.
"""
import hashlib
import json
import math
import os
import sys
import time

import h5py
import numpy as np

from ..data import file_digest, load_corpus, load_mnist
from ..io import save
from .checkpoint import model_state
from .experiment import Experiment
from .feedback import Confusion, Perplexity
from .observers import AdaptiveDecay, EarlyStopper, MetricsLogger, write_csv_atomic
from .propagators import Evaluator, NonFiniteError, Optimizer, check_finite, image_transform
from .samplers import Sampler, ShuffleSampler, TextSampler
from .schedules import make_schedule

TRAIN_DEFAULTS = {
    "learning_rate": 0.1,     # learning rate at epoch 1
    "lr_decay": "linear",     # linear | adaptive | schedule | none
    "min_lr": 1e-5,           # floor of every decay
    "saturate_epoch": 300,    # linear: epoch at which the rate reaches min_lr
    "schedule": None,         # schedule: {epoch: rate}, applied after that epoch
    "max_wait": 4,            # adaptive: epochs without a new minimum before decaying
    "decay_factor": 0.001,    # adaptive: lr *= decay_factor
    "momentum": 0.0,
    "max_out_norm": 1.0,      # max L2 norm of each output unit's weights (<= 0: off)
    "cutoff_norm": -1.0,      # max L2 norm of all gradients together (<= 0: off)
    "algorithm": None,        # None: dp's SGD callback; else an nnlib.optim name, e.g. "adam"
    "optim_config": None,     # extra config for the nnlib.optim algorithm
    "batch_size": 32,
    "max_epoch": 100,
    "max_tries": 30,          # early-stopping patience
    "random_seed": 7,
    "train_epoch_size": -1,   # examples per training epoch (language models: tokens, as dp); -1: the whole set
    "log_interval": 60,       # seconds between progress lines within an epoch phase; None: only epoch lines
}
# Options that change what a run logs, not what it computes: left out of the checkpoint's fingerprint.
_NOT_FINGERPRINTED = ("max_epoch", "log_interval")
LM_DEFAULTS = {
    **TRAIN_DEFAULTS,
    "batch_size": 64,
    "max_out_norm": 2.0,
    "max_epoch": 400,
    "rho": 5,                 # back-propagation through time steps
    "eval_size": None,        # validation/test window length; None: 100, or rho for a bidirectional model
    "valid_epoch_size": -1,   # tokens per validation epoch (one stream, eval_size-step windows); -1: the whole set
    "remember": "both",       # the model's remember() mode: carry the hidden state across batches
    "train_epoch_size": 400000,  # tokens (T * batch_size per batch), dp's TextSampler count
}


SEQ10_DEFAULTS = {
    "iterations": 10000,      # SimpleRNN.lua's nIterations
    "batch_size": 10,
    "rho": 7,                 # time steps per iteration (and the Recurrent's rho)
    "hidden_size": 12,
    "learning_rate": 0.1,     # plain SGD: update_parameters(lr)
    "log_every": 100,         # iterations between metrics rows
    "random_seed": 7,         # initial weights and batch offsets
}


def _resolve(config, defaults, where):
    config = dict(config or {})
    unknown = sorted(set(config) - set(defaults))
    if unknown:
        raise ValueError(f"{where}: unknown config keys {unknown}; allowed: {sorted(defaults)}")
    return {**defaults, **config}


def _epoch_size(value):
    return None if value is None or value <= 0 else int(value)


def _optimizer(sampler, criterion, feedback, transform, o, decay, include_target=False):
    """dp's training propagator from the config; `decay` is the AdaptiveDecay observer (or None)."""
    algorithm, lr_key = None, None
    if o["algorithm"] is not None:
        from .. import optim
        algorithm = getattr(optim, o["algorithm"], None)
        if not callable(algorithm):
            raise ValueError(f"experiment config: algorithm {o['algorithm']!r} is not an nnlib.optim function")
        lr_key = _rate_key(algorithm)
    schedule = make_schedule(o["lr_decay"], o["learning_rate"], o["min_lr"], o["saturate_epoch"],
                             o["schedule"], decay)
    return Optimizer(sampler, criterion, feedback, transform, lr=o["learning_rate"], schedule=schedule,
                     momentum=o["momentum"], max_out_norm=o["max_out_norm"], cutoff_norm=o["cutoff_norm"],
                     algorithm=algorithm, optim_config=o["optim_config"], lr_key=lr_key, include_target=include_target)


# The config key of an algorithm's step size where Torch7 did not call it learning_rate.
_STEP_SIZE_KEYS = {"asgd": "eta0", "rprop": "stepsize"}


def _rate_key(algorithm):
    """The config key the experiment's learning rate goes to: `learning_rate`, the algorithm's own step
    size, or None for an algorithm without one (adadelta, cg, cmaes, de), which then gets optim_config alone."""
    name = algorithm.__name__
    if name in _STEP_SIZE_KEYS:
        return _STEP_SIZE_KEYS[name]
    return "learning_rate" if "learning_rate" in getattr(sys.modules[algorithm.__module__], "SPEC", {}) else None


def _decay(o, key, maximize):
    """The AdaptiveDecay observer when lr_decay is adaptive, watching the early-stopping key."""
    if o["lr_decay"] != "adaptive":
        return None
    return AdaptiveDecay(key, maximize, o["max_wait"], o["decay_factor"])


def _fingerprint(o, model, data_path, extra):
    """Identifies a run's configuration: settings but max_epoch (raising it continues a run) and
    log_interval, the
    model's structure and initial weights, the data file's content and `extra` (runner options)."""
    digest = hashlib.sha256()
    settings = {k: v for k, v in o.items() if k not in _NOT_FINGERPRINTED}
    digest.update(json.dumps([settings, repr(model), extra], sort_keys=True, default=repr).encode())
    for key, array in model_state(model).items():
        digest.update(key.encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update(file_digest(data_path).encode())
    return digest.hexdigest()


def _run(model, optimizer, valid, test, data, out_dir, o, key, maximize, decay, progress, fingerprint):
    """Early stopping on `key`, a metrics logger, then the experiment with checkpoints in out_dir."""
    os.makedirs(out_dir, exist_ok=True)
    stopper = EarlyStopper(key, maximize=maximize, patience=o["max_tries"], keep_best=True)
    observers = ([decay] if decay is not None else []) + [stopper, MetricsLogger(os.path.join(out_dir, "metrics.csv"))]
    xp = Experiment(model, optimizer, valid, test, observers, random_seed=o["random_seed"],
                    max_epoch=o["max_epoch"], progress=progress, name=f"experiment {out_dir}",
                    log_interval=o["log_interval"])
    xp.run(*data, checkpoint=os.path.join(out_dir, "checkpoint.h5"), fingerprint=fingerprint)
    stopper.restore_best(model)
    save(os.path.join(out_dir, "model.h5"), model)
    return xp


def predict(model, x, transform=None, batch_size=128):
    """Class predictions (argmax of the output) for every row of `x`, in evaluation mode."""
    model.evaluate()
    out = []
    for start in range(0, len(x), batch_size):
        xb = x[start:start + batch_size]
        out.append(np.argmax(model.forward(xb if transform is None else transform(xb)), axis=1))
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def _write_predictions(path, model, test, transform=None, batch_size=128):
    """predictions.csv (RUNS_CONTRACT.md): index, target, prediction for every test example."""
    x, y = test
    prediction = predict(model, x, transform, batch_size)
    rows = [{"index": i, "target": int(t), "prediction": int(p)} for i, (t, p) in enumerate(zip(y, prediction))]
    write_csv_atomic(path, rows)


def _pixel_transform(x, flatten):
    """run_classification's input transform: uint8 pixels / 255 (float images kept), float32, maybe flattened."""
    return image_transform(flatten=flatten, scale=255.0 if x.dtype.kind in "ui" else 1.0)


def write_predictions(model, data_path, out_path, flatten=False, batch_size=128):
    """Write `out_path` (predictions.csv: index, target, prediction) for the `test` group of `data_path`.

    The model runs in evaluate() mode on batches of `batch_size`, with the
    inputs transformed as run_classification does (uint8 pixels divided by
    255 into float32, flattened to (N, -1) with `flatten`); the file is
    written atomically. `index` is the row in the test group.
    """
    _check_layout(data_path, ["test/x", "test/y"], "an image file written by nnlib.data.preprocess_mnist")
    with h5py.File(data_path, "r") as f:
        x, y = f["test/x"][()], f["test/y"][()]
    _write_predictions(out_path, model, (x, y), _pixel_transform(x, flatten), batch_size)


def _check_layout(path, names, what):
    """A clear error when `path` lacks a data set the loader needs."""
    with h5py.File(path, "r") as f:
        missing = [n for n in names if n not in f]
    if missing:
        raise ValueError(f"{path}: missing {missing}; expected {what} with {names}")


def run_classification(model, data_path, out_dir, config=None, flatten=False, progress=None):
    """Train an image classifier on `data_path` (nnlib.data's MNIST file: train/valid/test x, y).

    Inputs become float32, uint8 pixels divided by 255 (preprocessed float
    images are kept as they are), flattened to (N, -1) with `flatten` for an
    MLP; the criterion is ClassNLLCriterion on the model's log-probabilities.
    Returns the Experiment (its `metrics` hold the rows; its model has the best weights).
    """
    from ..nn import ClassNLLCriterion
    o = _resolve(config, TRAIN_DEFAULTS, "run_classification")
    _check_layout(data_path, [f"{s}/{k}" for s in ("train", "valid", "test") for k in ("x", "y")],
                  "an image file written by nnlib.data.preprocess_mnist")
    sets = load_mnist(data_path)
    fingerprint = _fingerprint(o, model, data_path, {"runner": "classification", "flatten": bool(flatten)})
    data = [sets[name] for name in ("train", "valid", "test")]
    tf = _pixel_transform(data[0][0], flatten)
    stop = ("valid_accuracy", True)
    decay = _decay(o, *stop)
    train = _optimizer(ShuffleSampler(o["batch_size"], _epoch_size(o["train_epoch_size"])), ClassNLLCriterion(),
                       Confusion(), tf, o, decay)
    valid = Evaluator(Sampler(o["batch_size"]), ClassNLLCriterion(), Confusion(), tf)
    test = Evaluator(Sampler(o["batch_size"]), ClassNLLCriterion(), Confusion(), tf)
    xp = _run(model, train, valid, test, data, out_dir, o, *stop, decay, progress, fingerprint)
    _write_predictions(os.path.join(out_dir, "predictions.csv"), model, data[2], tf, o["batch_size"])
    return xp


def run_language_model(model, criterion, data_path, out_dir, config=None, progress=None, include_target=False):
    """Train a language model on `data_path` (train/valid/test token-id arrays).

    The model maps (T, N) ids to (T, N, V) log-probabilities (and has `forget()`;
    a model with `remember(mode)`, such as a Sequencer, is set to config's
    `remember`, as dp's script did, so the state carries over between windows);
    `criterion` compares them with (T, N) targets (e.g. a SequencerCriterion of
    ClassNLLCriterion). With `include_target`, the model takes [ids, targets]
    and returns each target's log-probability (a SoftMaxTree output layer, with
    TreeNLLCriterion), as dp's `includeTarget()`: `models.rnnlm(...,
    output="softmaxtree", counts=corpus counts)` with
    `models.rnnlm_criterion("softmaxtree")`. Training uses `batch_size` streams and `rho`-step windows;
    validation and test use one stream and `eval_size`-step windows, as dp did.
    `train_epoch_size` and `valid_epoch_size` count tokens, as dp's TextSampler
    did (see TextSampler); validation restarts its stream every epoch.
    A model containing a BiSequencerLM is trained to predict each token from
    the context on both sides of it (targets = inputs, dp's bidirectional
    text sets), not the next token, which its backward net has already read;
    its perplexity is therefore not comparable with a one-direction model's.
    Such a model reads every window on its own (its training windows are rho
    steps), so by default it is also evaluated on windows of rho steps: on
    100-step windows, contexts 20 times longer than any it was trained on, a
    word-level BiLSTM measured 3.5x its rho-window perplexity.
    """
    from ..nn.recurrent.bi_sequencer_lm import is_bidirectional_lm
    o = _resolve(config, LM_DEFAULTS, "run_language_model")
    bidirectional = is_bidirectional_lm(model)
    offset, min_steps = (0, 2) if bidirectional else (1, 1)  # BiSequencerLM: targets = inputs, T >= 2
    eval_size = o["eval_size"] or (o["rho"] if bidirectional else 100)
    _check_layout(data_path, ["vocab", "counts", "train", "valid", "test"],
                  "a corpus file written by nnlib.data.preprocess_text")
    corpus = load_corpus(data_path)
    fingerprint = _fingerprint(o, model, data_path, {"runner": "language_model", "criterion": repr(criterion),
                                                     "include_target": bool(include_target)})
    if hasattr(model, "remember"):
        model.remember(o["remember"])
    data = [corpus[name] for name in ("train", "valid", "test")]
    stop = ("valid_perplexity", False)
    decay = _decay(o, *stop)
    train = _optimizer(TextSampler(o["batch_size"], o["rho"], _epoch_size(o["train_epoch_size"]), offset, min_steps),
                       criterion, Perplexity(), None, o, decay, include_target)
    valid = Evaluator(TextSampler(1, eval_size, _epoch_size(o["valid_epoch_size"]), offset, min_steps),
                      criterion, Perplexity(), include_target=include_target)
    test = Evaluator(TextSampler(1, eval_size, None, offset, min_steps), criterion, Perplexity(),
                     include_target=include_target)
    return _run(model, train, valid, test, data, out_dir, o, *stop, decay, progress, fingerprint)


def seq10_batches(batch_size, rho, rng, n_index=10, repeats=100):
    """SimpleRNN.lua's data: endless ((rho, batch), (rho, batch)) id arrays of inputs and next numbers.

    The sequence 1..10 (ids 0..n_index-1) repeated `repeats` times; each batch
    row starts at a random offset (from `rng`) and the offsets advance by rho
    per iteration, wrapping around, so each row continues where it stopped.
    """
    sequence = np.tile(np.arange(n_index, dtype=np.int64), repeats)
    offsets = rng.integers(0, sequence.size, batch_size)
    steps = np.arange(rho + 1)[:, None]
    while True:
        idx = (offsets[None, :] + steps) % sequence.size
        yield sequence[idx[:-1]], sequence[idx[1:]]
        offsets = (offsets + rho) % sequence.size


def run_seq10(out_dir, config=None):
    """Train SimpleRNN.lua's 1..10 predictor (`models.seq10`) with its loop; return (model, rows).

    Each iteration: a (rho, batch) window of every stream, forget the hidden
    state (the Sequencer's default), zero the gradients, forward, the NLL
    summed over the rho steps (SequencerCriterion(ClassNLLCriterion())),
    backward, `update_parameters(learning_rate)`. Every `log_every`
    iterations (and after the last) a row `iteration, lr, seconds, nll,
    accuracy` is added to `out_dir/metrics.csv` (rewritten atomically): nll
    is that iteration's summed NLL, as the original printed, accuracy the
    fraction of next numbers of that batch predicted right (argmax of the
    outputs before the update), seconds the cumulative wall time. The model
    is saved to `out_dir/model.h5` at the end. A NaN or infinite nll or
    per-token perplexity (exp(nll / rho)) stops the run with a NonFiniteError
    naming the iteration. Config keys: SEQ10_DEFAULTS;
    an unknown key is an error. Everything but `seconds` repeats bit for bit
    for the same `random_seed`.
    """
    from .. import manual_seed, models
    from ..nn import ClassNLLCriterion, SequencerCriterion
    o = _resolve(config, SEQ10_DEFAULTS, "run_seq10")
    for key in ("iterations", "batch_size", "rho", "hidden_size", "log_every"):
        if isinstance(o[key], bool) or not isinstance(o[key], (int, np.integer)) or o[key] < 1:
            raise ValueError(f"run_seq10: config {key} must be an int >= 1, got {o[key]!r}")
    if not o["learning_rate"] > 0:
        raise ValueError(f"run_seq10: config learning_rate must be positive, got {o['learning_rate']!r}")
    os.makedirs(out_dir, exist_ok=True)
    manual_seed(o["random_seed"])
    model = models.seq10(hidden_size=o["hidden_size"], rho=o["rho"])
    criterion = SequencerCriterion(ClassNLLCriterion())
    data = seq10_batches(o["batch_size"], o["rho"], np.random.default_rng(o["random_seed"]))
    path = os.path.join(out_dir, "metrics.csv")
    rows = []
    model.training()
    start = time.perf_counter()
    for iteration in range(1, o["iterations"] + 1):
        x, y = next(data)
        model.zero_grad_parameters()
        out = model.forward(x)
        nll = criterion.forward(out, y)
        mean = float(nll) / o["rho"]  # nll sums rho per-step means: exp(mean) is the per-token perplexity
        try:
            check_finite(iteration, nll=float(nll), perplexity=math.exp(mean) if mean < 709.0 else math.inf)
        except NonFiniteError as e:
            raise e.located(f"seq10 run {out_dir}: ", unit="iteration (batch)") from None
        model.backward(x, criterion.backward(out, y))
        model.update_parameters(o["learning_rate"])
        if iteration % o["log_every"] == 0 or iteration == o["iterations"]:
            rows.append({"iteration": iteration, "lr": float(o["learning_rate"]),
                         "seconds": time.perf_counter() - start, "nll": float(nll),
                         "accuracy": float(np.mean(out.argmax(axis=-1) == y))})
            write_csv_atomic(path, rows)
    save(os.path.join(out_dir, "model.h5"), model)
    return model, rows
