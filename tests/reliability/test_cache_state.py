"""Issue 23, finding 6: a workflow job's numbers do not depend on whether numba's cache was cold.

The attack: the same seq10 run gave different numbers from a cold numba cache than from a warm one
(a fused kernel compiled in the process that runs it rounds 1 ulp differently from the same kernel
loaded from the cache). The workflow's kernel warm-up now compiles in a child process, so every job
runs the cached kernels.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

JOB = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
import kernel_warmup
from nnlib.experiment import run_seq10
kernel_warmup.warm("seq10")
model, rows = run_seq10(sys.argv[2], {"iterations": 30, "log_every": 10})
weights = hashlib.sha256(b"".join(p.tobytes() for p in model.parameters()[0])).hexdigest()
print(json.dumps({"nll": [r["nll"] for r in rows], "weights": weights}))
"""


@pytest.mark.slow
def test_a_seq10_job_gives_the_same_numbers_from_a_cold_and_a_warm_cache(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), NUMBA_CACHE_DIR=str(tmp_path / "cache"))
    results = []
    for name in ("cold", "warm"):
        done = subprocess.run([sys.executable, "-c", JOB, str(ROOT / "workflow" / "scripts"), str(tmp_path / name)],
                              env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert results[0] == results[1]
