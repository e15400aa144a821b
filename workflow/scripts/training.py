"""Shared glue of the training scripts (train_*.py, kernel_warmup.py): job setup, models from a
run's settings, and the run folder's config.yaml and checkpoint.

A run's settings are `run_settings(experiment, variant)` of workflow/rules/common.smk:
{"model": builder options, "optimizer": runner options, ...}; see config/config.yaml.
"""
import logging
import os
import sys
import tempfile

import yaml

import nnlib
from nnlib import models


def start_job(snakemake):
    """Send everything the job prints (Python and C level, stdout and stderr) to the rule's log,
    then set numba's and BLAS's thread counts from the rule's `threads`; returns that count."""
    log = os.open(snakemake.log[0], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    sys.stdout = os.fdopen(1, "w", buffering=1, closefd=False)
    sys.stderr = os.fdopen(2, "w", buffering=1, closefd=False)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s",
                        force=True)
    threads = nnlib.set_num_threads(int(snakemake.threads))
    logging.info("rule %s, %d thread(s)", snakemake.rule, threads)
    return threads


def seed(settings):
    """Seed nnlib's generator (initial weights, dropout masks) with the run's random_seed."""
    nnlib.manual_seed(int(settings.get("optimizer", {}).get("random_seed", 7)))


def classifier(experiment, settings):
    """(model, flatten) of an mlp, depth or cnn run, initialised from the run's seed."""
    seed(settings)
    model = settings.get("model", {})
    if experiment == "mlp":
        return models.mlp(**model), True
    if experiment == "depth":
        return models.depth_mlp(model["hidden_layers"], model["recipe"]), True
    if experiment == "cnn":
        return models.seed_cnn(**model), False
    raise ValueError(f"training.classifier: {experiment!r} is not a classification experiment (mlp, depth, cnn)")


def language_model(settings, counts):
    """(model, criterion, include_target) of an rnnlm run; `counts` are the corpus's word counts
    (the vocabulary size, and the SoftMaxTree's frequency-binned tree). Initialised from the run's seed."""
    seed(settings)
    options = dict(settings.get("model", {}))
    output = options.get("output", "softmax")
    tree = {"counts": counts} if output == "softmaxtree" else {}
    return models.rnnlm(len(counts), **options, **tree), models.rnnlm_criterion(output), output == "softmaxtree"


def seq10_config(settings):
    """run_seq10's config: the model and optimizer settings in one mapping."""
    return {**settings.get("model", {}), **settings.get("optimizer", {})}


def n_parameters(model):
    """Number of trainable scalars (shared weights counted once)."""
    params, _ = model.parameters()
    seen, total = set(), 0
    for p in params:
        key = (p.__array_interface__["data"][0], p.size)
        if key not in seen:
            seen.add(key)
            total += p.size
    return int(total)


def write_run_config(path, experiment, variant, dataset, settings, threads, model):
    """config.yaml of a run folder (RUNS_CONTRACT in the README), written atomically."""
    optimizer = settings.get("optimizer", {})
    config = {"experiment": experiment, "variant": variant, "dataset": dataset,
              "seed": optimizer.get("random_seed", 7), "threads": threads,
              "n_parameters": n_parameters(model), "model": settings.get("model", {}),
              "optimizer": optimizer, **{k: v for k, v in settings.items() if k not in ("model", "optimizer")}}
    write_text_atomic(path, yaml.safe_dump(config, sort_keys=False))


def write_text_atomic(path, text):
    """Write `text` to `path` through a temporary file in the same folder and a rename."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=os.path.basename(path))
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def note_checkpoint(out_dir):
    """Log whether a checkpoint of an interrupted run is there (the runner resumes from it when it
    was written for the same settings, data and initial weights)."""
    checkpoint = os.path.join(out_dir, "checkpoint.h5")
    if os.path.exists(checkpoint):
        logging.info("found %s from an interrupted run: resuming from it if it matches these settings", checkpoint)


def finish_run(out_dir):
    """Drop the run's checkpoints (both generations, and damaged ones moved aside) once its outputs
    are written: they exist to resume a killed run, and without them a forced rerun (--forcerun)
    trains again from scratch."""
    from nnlib.experiment import checkpoint
    for path in checkpoint.checkpoint_files(os.path.join(out_dir, "checkpoint.h5")):
        if os.path.exists(path):
            os.remove(path)
