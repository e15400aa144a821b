"""What numba compiles, and when: importing nnlib compiles nothing, a first step only what it runs.

A first training step in a fresh process on an empty cache compiles every kernel it calls, so the
time to it is the compile time of those kernels (benchmarks/cold_start.py measures it). These
tests run such a process on an empty NUMBA_CACHE_DIR and record numba's compile events.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import numba.core.event as event

compiled = []


class Record(event.Listener):
    def on_start(self, e):
        pass

    def on_end(self, e):
        d = e.data["dispatcher"]
        compiled.append([f"{d.py_func.__module__}.{d.py_func.__qualname__}", bool(d.targetoptions.get("parallel"))])


event.register("numba:compile", Record())
import numpy as np
from nnlib import models, nn
from nnlib.kernels import _config
imported = {"compiled": compiled[:], "unlinked": sorted(f.symbol for f in _config._UNLINKED),
            "modules": sorted(m for m in ("h5py", "pandas", "torch") if m in sys.modules)}
del compiled[:]
model, criterion = models.mlp(784, (31, 17), 10, "relu"), nn.ClassNLLCriterion()
x, y = np.random.default_rng(0).random((5, 784), dtype=np.float32), np.arange(5)
model.get_parameters()
out = model.forward(x)
criterion.forward(out, y)
model.backward(x, criterion.backward(out, y))
model.update_parameters(0.1)
model.zero_grad_parameters()
print(json.dumps({"imported": imported, "step": compiled, "unlinked": [f.symbol for f in _config._UNLINKED]}))
"""


def _probe(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), NUMBA_CACHE_DIR=str(tmp_path / "numba-cache"))
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_import_compiles_nothing_and_a_small_mlp_step_compiles_each_kernel_it_runs_once(tmp_path):
    report = _probe(tmp_path)
    imported = report["imported"]
    assert imported["compiled"] == [] and imported["modules"] == []
    assert imported["unlinked"] == ["nnlib_gemm_block", "nnlib_gemm_blocks"]  # the GEMM's C functions wait
    names = [name for name, _ in report["step"]]
    assert report["unlinked"] == []                     # the step needed them
    assert names.count("nnlib.kernels._gemm._gemm_rows") == 1  # one for every layout the passes use
    assert not [name for name, parallel in report["step"] if parallel]  # 25,000 parameters: serial updates
    kernels = [name for name in names if name.startswith("nnlib.") and "<locals>" not in name]
    assert len(kernels) == len(set(kernels)), kernels   # no kernel compiled twice (for a second signature)
