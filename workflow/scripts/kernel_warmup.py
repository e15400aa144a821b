"""Warm numba's on-disk cache for one model family, one process at a time, so training jobs
started side by side never compile the same kernels at once.

`warm(family)`, called by every training script before its real work:
- returns at once when the family's stamp is in numba's cache folder (`cache_dir()`);
- otherwise takes an exclusive `fcntl.flock` on `nnlib-warm-up.lock` in that folder, looks for
  the stamp again, and if it is still missing runs one tiny training of every variant and
  optimizer option of the family (WARM_UP) on synthetic data, first as is and then with every
  size-dispatched kernel on its parallel path, writes the stamp and releases the lock.
So the first job compiles and writes the cache while the others wait on the lock, then find the
stamp and load their kernels from the cache. The warm-up runs in a child process, so that every
job, the first included, runs the kernels numba loads from its cache: a kernel compiled in the
process that runs it can round differently from the same kernel loaded from the cache (a fused
kernel calling others, e.g. the recurrent step of seq10, measured 1 ulp apart), which made a
run's numbers depend on whether the cache was cold or warm when it started. One lock for all families, because they share
kernels. The stamp names the family and a digest of what numba's cache checks (the path, mtime
and size of every nnlib source file) plus this file, training.py and the numba and Python
versions, so editing nnlib or the warm-up re-warms every family once. The lock is released when
its process ends, so a killed job never leaves it held. Not guaranteed: a kernel or dtype that
WARM_UP misses is compiled by the job that needs it, possibly by several at once (safe, numba
writes cache files atomically; only work is repeated); and jobs on several machines sharing the
cache folder are serialized only if its file system supports flock (Lustre needs `-o flock`).
"""
import contextlib
import fcntl
import hashlib
import logging
import os
import subprocess
import sys
import tempfile
import time

import h5py
import numba
import numpy as np

import nnlib
import training
from nnlib.data import load_corpus, preprocess_text
from nnlib.experiment import run_classification, run_language_model, run_seq10, sample_text
from nnlib.kernels import cache_dir, parallel_paths

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
TINY_IMAGES = {"train": 64, "valid": 16, "test": 16}
LOCK_NAME = "nnlib-warm-up.lock"


def warm(family):
    """Make sure numba's cache holds `family`'s kernels (WARM_UP key); True if this process compiled."""
    if family not in WARM_UP:
        raise ValueError(f"kernel_warmup: unknown model family {family!r}; known: {sorted(WARM_UP)}")
    folder = cache_dir()
    stamp = os.path.join(folder, f"nnlib-warm-up-{family}-{sources_digest()[:16]}")
    if os.path.exists(stamp):
        logging.info("kernel warm-up: %s is warm (%s)", family, stamp)
        return False
    with exclusive_lock(os.path.join(folder, LOCK_NAME)):
        if os.path.exists(stamp):
            logging.info("kernel warm-up: %s was warmed by another job", family)
            return False
        started = time.perf_counter()
        subprocess.run([sys.executable, os.path.abspath(__file__), family], check=True)
        training.write_text_atomic(stamp, f"{family}: numba's cache is warm\n")
        logging.info("kernel warm-up: compiled %s in %.1f s", family, time.perf_counter() - started)
        return True


@contextlib.contextmanager
def exclusive_lock(path):
    """Hold an exclusive flock on `path` (created if missing), logging how long it took to get."""
    with open(path, "a") as f:
        started = time.perf_counter()
        fcntl.flock(f, fcntl.LOCK_EX)
        logging.info("kernel warm-up: lock %s taken after %.1f s", path, time.perf_counter() - started)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def sources_digest():
    """Digest of what decides whether numba's cached kernels are still valid, and of this warm-up."""
    digest = hashlib.sha256(f"{numba.__version__} {sys.version}".encode())
    package = os.path.dirname(nnlib.__file__)
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(f for f in files if f.endswith(".py")):
            info = os.stat(os.path.join(root, name))
            digest.update(f"{os.path.relpath(os.path.join(root, name), package)} {info.st_mtime_ns} "
                          f"{info.st_size}\n".encode())
    for script in (__file__, training.__file__):  # WARM_UP and the builders it goes through
        with open(script, "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()


def warm_up(family):
    """One tiny run of each of `family`'s WARM_UP settings, as is, then on the parallel kernel paths."""
    with tempfile.TemporaryDirectory() as tmp:
        data = tiny_data(family, tmp)
        tiny_runs(family, data, os.path.join(tmp, "as-is"))
        with parallel_paths():
            tiny_runs(family, data, os.path.join(tmp, "parallel"))


def tiny_data(family, folder):
    """The synthetic data file `family`'s runner reads (None for seq10, which makes its own)."""
    if family == "rnnlm":
        return tiny_corpus(folder)
    if family == "seq10":
        return None
    return tiny_mnist(os.path.join(folder, "mnist.h5"))


def tiny_mnist(path):
    rng = np.random.default_rng(0)
    with h5py.File(path, "w") as f:
        for split, n in TINY_IMAGES.items():
            f.create_dataset(f"{split}/x", data=rng.integers(0, 256, (n, 1, 28, 28), dtype=np.uint8))
            f.create_dataset(f"{split}/y", data=rng.integers(0, 10, n).astype(np.int64))
    return path


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


def tiny_runs(family, data, folder):
    """Train each WARM_UP variant of `family` for one tiny epoch through the workflow's builders."""
    for variant, settings in WARM_UP[family].items():
        out = os.path.join(folder, variant)
        if family == "rnnlm":
            corpus = load_corpus(data)
            model, criterion, include_target = training.language_model(settings, corpus["counts"])
            xp = run_language_model(model, criterion, data, out, tiny_optimizer(settings, True),
                                    include_target=include_target, progress=False)
            sample_text(xp.model, corpus["vocab"], 5)
        elif family == "seq10":
            run_seq10(out, {**training.seq10_config(settings), "iterations": 2, "log_every": 1})
        else:
            model, flatten = training.classifier(family, settings)
            run_classification(model, data, out, tiny_optimizer(settings, False), flatten=flatten, progress=False)


def tiny_optimizer(settings, lm):
    """One epoch; language models: two training batches and short validation windows (in tokens)."""
    o = dict(settings["optimizer"], max_epoch=1)
    if lm:
        o.update(train_epoch_size=2 * o["batch_size"] * o["rho"], eval_size=10, valid_epoch_size=100)
    return o


def child_logging():
    """Logging of the warm-up's child process, whose stderr is the training job's log: its tiny runs'
    epoch and progress lines would read as the job's own training, so only their warnings and
    errors are logged, each line marked as the warm-up's."""
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, force=True,
                        format="%(asctime)s %(levelname)s kernel warm-up (tiny runs): %(message)s")
    logging.getLogger("nnlib.experiment").setLevel(logging.WARNING)


if __name__ == "__main__":  # the child process of warm()
    child_logging()
    warm_up(sys.argv[1])
