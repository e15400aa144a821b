"""The time to a first training step in a fresh process: cold (empty numba cache) and warm.

    python -m benchmarks.cold_start [--cases mlp,cnn,lstm_lm] [--runs 3]

Each run starts a new Python process with an empty `NUMBA_CACHE_DIR` (cold: every kernel the step
needs is compiled), then another on the cache the first one wrote (warm: loaded). The time is the
process's wall time from its start to the end of its first training step (interpreter start,
imports, model construction, one forward, backward and SGD update), with the import and the step
also reported apart. Cases: `mlp` the seed MLP 784-200-200-10 at batch 20 (the target: cold at
most 10 s, warm at most 1.5 s), `cnn` the seed CNN at batch 10, `lstm_lm` a word LSTM language
model (V 10,000, H 200, batch 32, BPTT 35), as a study job's first step.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import machine

ROOT = Path(__file__).resolve().parents[1]

STEP = r"""
import json, sys, time
start = time.perf_counter()
import numpy as np
from nnlib import models, nn
imported = time.perf_counter()
case = sys.argv[1]
rng = np.random.default_rng(0)
if case == "mlp":
    model, criterion = models.mlp(784, (200, 200), 10, "relu"), nn.ClassNLLCriterion()
    x, y = rng.random((20, 784), dtype=np.float32), rng.integers(0, 10, 20)
elif case == "cnn":
    model, criterion = models.seed_cnn(), nn.ClassNLLCriterion()
    x, y = rng.random((10, 1, 28, 28), dtype=np.float32), rng.integers(0, 10, 10)
elif case == "lstm_lm":
    model, criterion = models.rnnlm(10000, (200,), "lstm"), models.rnnlm_criterion()
    x, y = rng.integers(0, 10000, (35, 32)), rng.integers(0, 10000, (35, 32))
model.get_parameters()
out = model.forward(x)
criterion.forward(out, y)
model.backward(x, criterion.backward(out, y))
model.update_parameters(0.1)
model.zero_grad_parameters()
done = time.perf_counter()
print(json.dumps({"import": imported - start, "step": done - imported}))
"""

CASES = ("mlp", "cnn", "lstm_lm")


def first_step(case, cache_dir):
    """{"wall", "import", "step"} seconds of one fresh process running the case's first step."""
    env = dict(os.environ, NUMBA_CACHE_DIR=str(cache_dir), PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", STEP, case], env=env, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the {case} step failed:\n{done.stderr}")
    return {"wall": wall, **json.loads(done.stdout.splitlines()[-1])}


def _cases(text):
    cases = text.split(",")
    unknown = sorted(set(cases) - set(CASES))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown case(s) {unknown}; known: {', '.join(CASES)}")
    return cases


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=_cases, default=["mlp"], help=f"comma-separated, of {', '.join(CASES)}")
    parser.add_argument("--runs", type=int, default=3, help="cold/warm pairs per case; the median is reported")
    args = parser.parse_args(argv)
    print(machine.header(), flush=True)
    for case in args.cases:
        cold, warm = [], []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="nnlib-cold-start-") as cache:
                cold.append(first_step(case, cache))
                warm.append(first_step(case, cache))
        for name, runs in (("cold", cold), ("warm", warm)):
            median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            walls = ", ".join(f"{r['wall']:.2f}" for r in runs)
            print(f"{case:8s} {name}: {median['wall']:6.2f} s to the end of the first step (import {median['import']:.2f} s, "
                  f"step {median['step']:.2f} s; runs: {walls})", flush=True)


if __name__ == "__main__":
    main()
