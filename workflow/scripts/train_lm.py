"""Snakemake glue for rule train_rnnlm: train one language model into results/runs/rnnlm/<variant>/
(model.h5, metrics.csv, samples.txt, config.yaml)."""
import logging
import os
import sys

sys.path.insert(0, snakemake.scriptdir)
import training  # noqa: E402

threads = training.start_job(snakemake)

import kernel_warmup  # noqa: E402
from nnlib.data import load_corpus  # noqa: E402
from nnlib.experiment import run_language_model, sample_text  # noqa: E402

kernel_warmup.warm("rnnlm")

variant, settings = snakemake.wildcards.variant, snakemake.params.settings
out_dir = os.path.dirname(snakemake.output.model)
corpus = load_corpus(snakemake.input.data)
model, criterion, include_target = training.language_model(settings, corpus["counts"])
logging.info("rnnlm/%s: %s\n%s", variant, settings, model)
training.note_checkpoint(out_dir)
xp = run_language_model(model, criterion, snakemake.input.data, out_dir, settings.get("optimizer"),
                        include_target=include_target)
last = xp.metrics[-1]
logging.info("done after %d epochs: test perplexity %.2f", last["epoch"], last["test_perplexity"])
samples = settings.get("samples", {})
text = sample_text(xp.model, corpus["vocab"], samples.get("tokens", 100), seed=samples.get("seed", 0),
                   temperature=samples.get("temperature", 1.0))
training.write_text_atomic(snakemake.output.samples, text.rstrip("\n") + "\n")
training.write_run_config(snakemake.output.config, "rnnlm", variant, settings["corpus"],
                          {**settings, "level": corpus["attrs"]["level"]}, threads, xp.model)
training.finish_run(out_dir)
