"""Snakemake glue for rule compile_kernels: fill numba's on-disk cache before training jobs start
side by side, so they load compiled kernels instead of compiling the same ones at once.

One tiny run of every model family and optimizer option of the study (WARM_UP) on tiny synthetic
data, through the same builders and runners as the training rules, first as is, then with every
size-dispatched kernel on its parallel path, so each kernel is compiled for the dtypes the runners
pass. Anything missed is compiled by the job that needs it (numba writes cache files atomically).
"""
import logging
import os
import sys
import tempfile
import time

sys.path.insert(0, snakemake.scriptdir)
import training  # noqa: E402

training.start_job(snakemake)

import h5py  # noqa: E402
import numpy as np  # noqa: E402

from nnlib.data import load_corpus, preprocess_text  # noqa: E402
from nnlib.experiment import run_classification, run_language_model, run_seq10, sample_text  # noqa: E402
from nnlib.kernels import _config  # noqa: E402

TINY_IMAGES = {"train": 64, "valid": 16, "test": 16}


def tiny_mnist(path):
    rng = np.random.default_rng(0)
    with h5py.File(path, "w") as f:
        for split, n in TINY_IMAGES.items():
            f.create_dataset(f"{split}/x", data=rng.integers(0, 256, (n, 1, 28, 28), dtype=np.uint8))
            f.create_dataset(f"{split}/y", data=rng.integers(0, 10, n).astype(np.int64))


def tiny_corpus(folder):
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(40)]
    files = {}
    for split, n in (("train", 6000), ("valid", 300), ("test", 300)):
        files[split] = os.path.join(folder, f"{split}.txt")
        lines = [" ".join(rng.choice(words, 12)) for _ in range(n // 12)]
        with open(files[split], "w") as f:
            f.write("\n".join(lines) + "\n")
    out = os.path.join(folder, "corpus.h5")
    preprocess_text(files, out)
    return out


SGD = {"learning_rate": 0.1, "lr_decay": "linear", "saturate_epoch": 30, "max_out_norm": 1, "batch_size": 8}
ADAM = {"algorithm": "adam", "learning_rate": 0.001, "lr_decay": "none", "max_out_norm": -1, "batch_size": 8}
LM = {"learning_rate": 0.1, "max_out_norm": 2, "batch_size": 4, "rho": 5}
WARM_UP = {
    "mlp": {"relu": {"model": {"hidden_sizes": [16, 16], "activation": "relu"}, "optimizer": SGD},
            "tanh": {"model": {"hidden_sizes": [16], "activation": "tanh"}, "optimizer": SGD}},
    "depth": {"student": {"model": {"hidden_layers": 2, "recipe": "student"}, "optimizer": SGD},
              "modern": {"model": {"hidden_layers": 2, "recipe": "modern"}, "optimizer": ADAM}},
    "cnn": {"seed": {"model": {"channel_sizes": [4, 8]}, "optimizer": SGD}},
    "seq10": {"rnn": {"model": {"hidden_size": 12, "rho": 7}, "optimizer": {"batch_size": 10}}},
    "rnnlm": {
        "rnn": {"model": {"cell": "rnn", "hidden_sizes": [16]}, "optimizer": LM},
        "lstm": {"model": {"cell": "lstm", "hidden_sizes": [16, 48], "dropout": 0.5},
                 "optimizer": {**LM, "cutoff_norm": 5, "lr_decay": "schedule", "schedule": {1: 0.05}}},
        "gru": {"model": {"cell": "gru", "hidden_sizes": [48]}, "optimizer": LM},
        "bilstm_tree": {"model": {"cell": "lstm", "hidden_sizes": [16], "bidirectional": True,
                                  "output": "softmaxtree"}, "optimizer": LM},
    },
}


def tiny_optimizer(settings, lm):
    o = dict(settings["optimizer"], max_epoch=1)
    if lm:
        o.update(train_epoch_size=2 * o["batch_size"] * o["rho"], eval_size=10, valid_epoch_size=100)  # tokens: 2 batches
    return o


def warm_up(folder, mnist, corpus):
    vocab, counts = load_corpus(corpus)["vocab"], load_corpus(corpus)["counts"]
    for experiment, variants in WARM_UP.items():
        for variant, settings in variants.items():
            started = time.perf_counter()
            out = os.path.join(folder, experiment, variant)
            if experiment == "rnnlm":
                model, criterion, include_target = training.language_model(settings, counts)
                xp = run_language_model(model, criterion, corpus, out, tiny_optimizer(settings, True),
                                        include_target=include_target)
                sample_text(xp.model, vocab, 5)
            elif experiment == "seq10":
                run_seq10(out, {**training.seq10_config(settings), "iterations": 2, "log_every": 1})
            else:
                model, flatten = training.classifier(experiment, settings)
                run_classification(model, mnist, out, tiny_optimizer(settings, False), flatten=flatten)
            logging.info("%s/%s: %.1f s", experiment, variant, time.perf_counter() - started)


with tempfile.TemporaryDirectory() as tmp:
    mnist = os.path.join(tmp, "mnist.h5")
    tiny_mnist(mnist)
    corpus = tiny_corpus(tmp)
    warm_up(os.path.join(tmp, "as-is"), mnist, corpus)
    default_size, _config.PARALLEL_MIN_SIZE = _config.PARALLEL_MIN_SIZE, 0
    try:
        warm_up(os.path.join(tmp, "parallel"), mnist, corpus)
    finally:
        _config.PARALLEL_MIN_SIZE = default_size
training.write_text_atomic(snakemake.output[0], "numba's cache is warm\n")
