"""Snakemake glue for rule train_seq10: SimpleRNN.lua's 1..10 predictor into results/runs/seq10/<variant>/
(model.h5, metrics.csv every log_every iterations, config.yaml)."""
import logging
import os
import sys

sys.path.insert(0, snakemake.scriptdir)
import training  # noqa: E402

threads = training.start_job(snakemake)

import kernel_warmup  # noqa: E402
from nnlib.experiment import run_seq10  # noqa: E402

kernel_warmup.warm("seq10")

variant, settings = snakemake.wildcards.variant, snakemake.params.settings
out_dir = os.path.dirname(snakemake.output.model)
logging.info("seq10/%s: %s", variant, settings)
training.note_checkpoint(out_dir)
model, rows = run_seq10(out_dir, training.seq10_config(settings))
logging.info("done after %d iterations: summed NLL %.4f, accuracy %.3f", rows[-1]["iteration"], rows[-1]["nll"],
             rows[-1]["accuracy"])
training.write_run_config(snakemake.output.config, "seq10", variant, "seq10", settings, threads, model)
training.finish_run(out_dir)
