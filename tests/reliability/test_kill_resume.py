"""Kill-and-resume: at least 10 SIGKILLs at random points of an MLP, a CNN and an LSTM language model
run (mid-epoch, mid-checkpoint, at startup), each resumed, end bit-identical to an uninterrupted run."""
import csv
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np
import pytest

import nnlib
from nnlib import experiment as ex

ROOT = Path(__file__).resolve().parents[2]
JOB = Path(__file__).with_name("_kill_job.py")
KILLS = 10
CACHE = [None]  # the module's numba cache folder, set by the test


def _images(path):
    rng = np.random.default_rng(1)
    with h5py.File(path, "w") as f:
        for split, n in (("train", 30), ("valid", 10), ("test", 10)):
            x = rng.integers(0, 256, (n, 1, 6, 6), dtype=np.uint8)
            f[f"{split}/x"], f[f"{split}/y"] = x, (x.reshape(n, -1)[:, :3].mean(1) // 86).astype(np.int64)
    return path


def _corpus(path):
    ids = (np.arange(400) * 5 % 6).astype(np.uint16)
    with h5py.File(path, "w") as f:
        f["vocab"] = np.array([f"w{i}" for i in range(6)], dtype=object).astype(h5py.string_dtype("utf-8"))
        f["counts"] = np.bincount(ids, minlength=6)
        f["train"], f["valid"], f["test"] = ids[:300], ids[300:350], ids[350:]
    return path


@pytest.fixture(scope="module")
def numba_cache(tmp_path_factory):
    """A snapshot of numba's cache for this test alone: every process of a test loads the same machine
    code, which another process compiling into the shared cache meanwhile could change (a kernel
    compiled from a caller with other fastmath flags is cached under the kernel's own name,
    numba#7168). Copying the shared cache's files saves compiling them again."""
    folder = tmp_path_factory.mktemp("numba-cache")
    probe = "from nnlib.kernels import _config; print(_config.cache_dir())"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    shared = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    private = subprocess.run([sys.executable, "-c", probe], env=dict(env, NUMBA_CACHE_DIR=str(folder)),
                             capture_output=True, text=True, check=True)
    source, target = Path(shared.stdout.strip()), Path(private.stdout.strip())
    for item in source.glob("*.nb[ic]"):
        shutil.copy2(item, target / item.name)
    return folder


def _start(kind, data, out):
    env = dict(os.environ, PYTHONPATH=str(ROOT), NUMBA_CACHE_DIR=str(CACHE[0]))
    return subprocess.Popen([sys.executable, str(JOB), kind, str(data), str(out)], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def _finish(kind, data, out):
    """Run to the end; return the seconds from "ready" (imports done) to the first checkpoint and to the exit."""
    proc = _start(kind, data, out)
    assert proc.stdout.readline().strip() == "ready"
    started, first = time.monotonic(), None
    while proc.poll() is None:
        if first is None and (out / "checkpoint.h5").exists():
            first = time.monotonic() - started
        time.sleep(0.005)
    assert proc.returncode == 0
    return first, time.monotonic() - started


def _rows(path):
    with open(path) as f:
        return [{k: v for k, v in r.items() if k not in ("seconds", "tokens_per_second")} for r in csv.DictReader(f)]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["mlp", "cnn", "lstm"])
def test_ten_sigkills_at_random_points_then_a_resume_match_an_uninterrupted_run(tmp_path, kind, numba_cache):
    CACHE[0] = numba_cache
    data = _corpus(tmp_path / "corpus.h5") if kind == "lstm" else _images(tmp_path / "mnist.h5")
    _finish(kind, data, tmp_path / "warm-up")  # numba's cache warm before either run (see test_cache_state)
    first, span = _finish(kind, data, tmp_path / "full")  # to the first checkpoint, to the end
    assert first is not None

    # at most about two epochs of progress a kill, so that the run outlasts the kills on any machine
    epoch = (span - first) / max(1, len(_rows(tmp_path / "full" / "metrics.csv")) - 1)
    rng = random.Random(kind)
    killed, out, epochs = 0, tmp_path / "killed", []
    # at least KILLS kills, and more (up to 3 x KILLS) until they have landed at two points of the training:
    # a resumed run also reads and verifies its checkpoint, so on a fast machine the first kills may all come
    # before its next checkpoint
    while killed < KILLS or (len(set(epochs)) < 2 and killed < 3 * KILLS):
        proc = _start(kind, data, out)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.75 * first, first + 2 * epoch))  # loading, an epoch or two, a write
        if proc.poll() is not None:  # it finished before the kill: the run is complete
            break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        killed += 1
        checkpoint = out / "checkpoint.h5"
        epochs.append(ex.load_checkpoint(checkpoint)["epoch"] if checkpoint.exists() else 0)
    assert killed >= KILLS, f"the run finished after {killed} kills; give it more epochs"
    assert len(set(epochs)) >= 2, epochs  # the kills landed at several points of the training
    _finish(kind, data, out)

    assert _rows(out / "metrics.csv") == _rows(tmp_path / "full" / "metrics.csv")
    full, resumed = nnlib.load(tmp_path / "full" / "model.h5"), nnlib.load(out / "model.h5")
    assert all(p.tobytes() == q.tobytes() for p, q in zip(full.parameters()[0], resumed.parameters()[0]))
