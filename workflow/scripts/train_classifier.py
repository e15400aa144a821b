"""Snakemake glue for rules train_mlp, train_depth and train_cnn: train one MNIST classifier into
results/runs/<experiment>/<variant>/ (model.h5, metrics.csv, predictions.csv, config.yaml)."""
import logging
import os
import sys

sys.path.insert(0, snakemake.scriptdir)
import training  # noqa: E402

threads = training.start_job(snakemake)

import kernel_warmup  # noqa: E402
from nnlib.experiment import run_classification  # noqa: E402

experiment, variant = snakemake.params.experiment, snakemake.wildcards.variant
kernel_warmup.warm(experiment)
settings = snakemake.params.settings
out_dir = os.path.dirname(snakemake.output.model)
model, flatten = training.classifier(experiment, settings)
logging.info("%s/%s: %s\n%s", experiment, variant, settings, model)
training.note_checkpoint(out_dir)
xp = run_classification(model, snakemake.input.data, out_dir, settings.get("optimizer"), flatten=flatten)
last = xp.metrics[-1]
logging.info("done after %d epochs: test accuracy %.4f", last["epoch"], last["test_accuracy"])
training.write_run_config(snakemake.output.config, experiment, variant, "mnist", settings, threads, xp.model)
training.finish_run(out_dir)
