"""workflow/scripts/kernel_warmup.py: jobs starting together on a cold numba cache compile once.

Two processes share a fresh NUMBA_CACHE_DIR, wait at a barrier, then both call `warm("mlp")`,
as two training jobs do; each reports numba's cache statistics for nnlib's kernels.
"""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "workflow" / "scripts"

JOB = """
import importlib, json, os, pkgutil, sys, time
import numba
sys.path.insert(0, sys.argv[1])
import kernel_warmup
import nnlib.kernels


def cache_stats():
    seen, hits, misses = set(), 0, 0
    for info in pkgutil.iter_modules(nnlib.kernels.__path__):
        module = importlib.import_module("nnlib.kernels." + info.name)
        for obj in vars(module).values():
            for fn in (obj, getattr(obj, "serial", None), getattr(obj, "parallel", None)):
                if isinstance(fn, numba.core.dispatcher.Dispatcher) and id(fn) not in seen:
                    seen.add(id(fn))
                    hits += sum(fn.stats.cache_hits.values())
                    misses += sum(fn.stats.cache_misses.values())
    return hits, misses


imported = cache_stats()  # what importing nnlib compiled or loaded (nothing: kernels compile on first use)
open(sys.argv[2] + ".ready", "w").close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.005)
compiled = kernel_warmup.warm("mlp")
returned = time.time()
warm_stats = cache_stats()
kernel_warmup.warm_up("mlp")  # the job's own work: the same kernels, now loaded or in memory
used = [after - before for after, before in zip(cache_stats(), warm_stats)]
print(json.dumps({"compiled": compiled, "returned": returned, "imported": imported, "warm": warm_stats, "used": used}))
"""


def _start(tmp_path, name, cache):
    env = dict(os.environ, PYTHONPATH=str(ROOT), NUMBA_CACHE_DIR=str(cache), NUMBA_NUM_THREADS="1")
    return subprocess.Popen([sys.executable, "-c", JOB, str(SCRIPTS), str(tmp_path / name), str(tmp_path / "go")],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _report(proc):
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.slow
def test_jobs_starting_together_on_a_cold_cache_compile_once_and_the_others_wait(tmp_path):
    cache = tmp_path / "numba-cache"
    procs = [_start(tmp_path, name, cache) for name in ("a", "b")]
    while not all((tmp_path / f"{name}.ready").exists() for name in ("a", "b")):
        assert all(p.poll() is None for p in procs), procs[0].stderr.read() + procs[1].stderr.read()
        time.sleep(0.01)
    (tmp_path / "go").touch()
    reports = [_report(p) for p in procs]
    compiler, waiter = sorted(reports, key=lambda r: not r["compiled"])
    assert compiler["compiled"] and not waiter["compiled"]
    assert compiler["warm"] == compiler["imported"]      # the compiler's child compiled the kernels, not it
    assert waiter["warm"] == waiter["imported"]          # the waiter compiled and loaded nothing while warming
    [stamp] = cache.glob("*/nnlib-warm-up-mlp-*")
    assert waiter["returned"] >= stamp.stat().st_mtime   # it returned only once the compiler's stamp was written
    for report in (compiler, waiter):                    # then each one's own work loaded every kernel from
        hits, misses = report["used"]                    # the cache: the same code, cold cache or warm
        assert misses == 0 and hits > 0


RE_WARM = """
import os, sys
sys.path.insert(0, sys.argv[1])
import kernel_warmup
import nnlib.kernels.activation as changed
first, again = kernel_warmup.warm("seq10"), kernel_warmup.warm("seq10")
os.utime(changed.__file__, ns=(0, os.stat(changed.__file__).st_mtime_ns + 10**9))  # what an edit does to numba
print(first, again, kernel_warmup.warm("seq10"))
"""


@pytest.mark.slow
def test_a_changed_nnlib_source_warms_the_family_again(tmp_path):
    shutil.copytree(ROOT / "nnlib", tmp_path / "nnlib", ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, PYTHONPATH=str(tmp_path), NUMBA_NUM_THREADS="1")
    env.pop("NUMBA_CACHE_DIR", None)
    done = subprocess.run([sys.executable, "-c", RE_WARM, str(SCRIPTS)], env=env, cwd=tmp_path, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False", "True"]
    assert len(list((tmp_path / "nnlib/kernels/__pycache__").glob("nnlib-warm-up-seq10-*"))) == 2


def test_an_unknown_family_is_named(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    import kernel_warmup
    with pytest.raises(ValueError, match="unknown model family 'mnist'"):
        kernel_warmup.warm("mnist")


def test_the_warm_up_child_logs_no_epoch_lines_of_its_tiny_runs(monkeypatch, capsys):
    """The child's stderr is the training job's log: the tiny runs' epoch lines would read as the job's
    training, so they are not logged; warnings are, marked as the warm-up's."""
    import io
    import logging

    import numpy as np

    from nnlib import experiment as ex
    from nnlib import models, nn
    monkeypatch.syspath_prepend(str(SCRIPTS))
    import kernel_warmup
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    root, experiment_logger = logging.getLogger(), logging.getLogger("nnlib.experiment")
    saved = root.handlers[:], root.level, experiment_logger.level
    try:
        kernel_warmup.child_logging()
        x = np.random.default_rng(0).standard_normal((10, 3)).astype(np.float32)
        xp = ex.Experiment(models.mlp(3, (4,), 2), ex.Optimizer(ex.Sampler(5), nn.ClassNLLCriterion()),
                           max_epoch=1, progress=False, log_interval=0)
        xp.run((x, (x[:, 0] > 0).astype(np.int64)))
        logging.getLogger("nnlib.experiment.run").warning("a warning")
    finally:
        root.handlers, root.level = saved[0], saved[1]
        experiment_logger.setLevel(saved[2])
    lines = stream.getvalue().splitlines()
    assert len(xp.metrics) == 1 and not any("epoch 1" in line for line in lines), lines
    assert len(lines) == 1 and lines[0].endswith("WARNING kernel warm-up (tiny runs): a warning")
