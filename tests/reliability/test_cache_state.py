"""Issue 23, finding 6: a run's numbers do not depend on whether numba's cache was cold.

The attack: the same seq10 run gave different numbers from a cold numba cache than from a warm one.
A kernel called by another was linked into the caller's machine code as a copy, optimised again with
the caller; a process ran whichever copy it loaded first, and the copy inside seq10's fused recurrent
kernel rounded 1 ulp apart from the step kernel's own code. Such helpers are now inlined into their
callers (`nnlib.kernels._config.jit_inline`), so a script calling nnlib directly gives the same bits
on a cold and a warm cache, whatever ran before; the workflow's warm-up is then only for speed.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARITH_JOB = Path(__file__).with_name("_arith_job.py")

WORKFLOW_JOB = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
import kernel_warmup
from nnlib.experiment import run_seq10
kernel_warmup.warm("seq10")
model, rows = run_seq10(sys.argv[2], {"iterations": 30, "log_every": 10})
weights = hashlib.sha256(b"".join(p.tobytes() for p in model.parameters()[0])).hexdigest()
print(json.dumps({"nll": [r["nll"] for r in rows], "weights": weights}))
"""


def _last_json(args, env):
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_the_library_gives_the_same_bits_from_a_cold_and_a_warm_cache_in_any_order(tmp_path):
    """seq10, an MLP step and an LSTM LM step on an empty NUMBA_CACHE_DIR (all compiled in the
    process), then warm in the opposite order (all loaded from the cache, other kernels first)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), NUMBA_CACHE_DIR=str(tmp_path / "cache"))
    cold = _last_json([str(ARITH_JOB), "1", "seq10", "mlp", "lstm_lm"], env)
    warm = _last_json([str(ARITH_JOB), "1", "lstm_lm", "mlp", "seq10"], env)
    assert cold == warm


@pytest.mark.slow
def test_a_seq10_job_gives_the_same_numbers_from_a_cold_and_a_warm_cache(tmp_path):
    """The workflow's path: the warm-up compiles in a child process, the job loads from the cache."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), NUMBA_CACHE_DIR=str(tmp_path / "cache"))
    results = [_last_json(["-c", WORKFLOW_JOB, str(ROOT / "workflow" / "scripts"), str(tmp_path / name)], env)
               for name in ("cold", "warm")]
    assert results[0] == results[1]
