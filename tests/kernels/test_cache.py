"""numba's on-disk cache: cold-cache races and thread-count changes between processes.

Each test copies the nnlib package into a fresh directory, so the kernel cache
(`__pycache__` beside the sources) starts cold, then runs a workload in
subprocesses and checks they all succeed and agree bit for bit.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

WORKLOAD = """
import hashlib, os, sys
import numpy as np
import nnlib
assert os.path.dirname(nnlib.__file__) == os.path.join(os.getcwd(), "nnlib"), nnlib.__file__
from nnlib import nn
nn.Linear(3, 2).forward(np.ones((1, 3), np.float32))  # a cached kernel before anything starts numba's threads
from nnlib import models
nnlib.set_num_threads(int(sys.argv[1]))
nnlib.manual_seed(0)
model = models.mlp(784, (31, 17), 10)
x = np.random.default_rng(0).random((5, 784), dtype=np.float32)
y = np.arange(5)
crit = nn.ClassNLLCriterion()
out = model.forward(x)
crit.forward(out, y)
model.backward(x, crit.backward(out, y))
params, grads = model.get_parameters()
cnn = models.seed_cnn()                      # parallel (prange) kernels: im2col, col2im, pooling
images = np.random.default_rng(1).random((2, 1, 28, 28), dtype=np.float32)
scores = cnn.forward(images)
cnn.backward(images, crit.backward(scores, y[:2]))
cnn_grads = cnn.get_parameters()[1]
print(hashlib.sha256(out.tobytes() + grads.tobytes() + scores.tobytes() + cnn_grads.tobytes()).hexdigest())
"""


@pytest.fixture
def cold_copy(tmp_path):
    shutil.copytree(ROOT / "nnlib", tmp_path / "nnlib", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "workload.py").write_text(WORKLOAD)
    return tmp_path


def _start(directory, threads, numba_threads):
    env = dict(os.environ, PYTHONPATH=str(directory), NUMBA_NUM_THREADS=str(numba_threads))
    return subprocess.Popen([sys.executable, "workload.py", str(threads)], cwd=directory, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc):
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return out.strip()


@pytest.mark.slow
def test_processes_compiling_together_on_a_cold_cache_all_succeed(cold_copy):
    procs = [_start(cold_copy, 1, 2) for _ in range(3)]
    digests = {_finish(p) for p in procs}
    assert len(digests) == 1
    cached = {p.name.split(".")[0] for p in (cold_copy / "nnlib" / "kernels").glob("__pycache__/*.nbi")}
    assert {"_gemm", "softmax", "spatial_convolution", "spatial_pooling"} <= cached, cached


@pytest.mark.slow
def test_cache_written_with_one_thread_count_is_reused_with_another(cold_copy):
    """Results are reproducible for a given thread count (GEMM row blocks follow the thread count)."""
    first = _finish(_start(cold_copy, 1, 1))
    second = _finish(_start(cold_copy, 2, 2))
    third = _finish(_start(cold_copy, 1, 2))
    fourth = _finish(_start(cold_copy, 2, 2))
    assert first == third
    assert second == fourth


EDIT_PROBE = """
import numpy as np
from nnlib.kernels import _config, linear
x, w = np.ones((3, 4), np.float32), np.ones((5, 4), np.float32)
out = np.empty((3, 5), np.float32)
linear.linear_update_output(x, w, None, out, None)
assert (out == 4).all()
print(_config.CACHE_WATCHES_ALL_KERNELS, sum(linear._update_output.stats.cache_hits.values()))
"""


@pytest.mark.slow
def test_an_edit_to_a_called_kernel_file_recompiles_its_callers(cold_copy):
    """Linear's kernel carries gemm's machine code: editing _gemm.py alone must invalidate it."""
    (cold_copy / "probe.py").write_text(EDIT_PROBE)

    def probe():
        env = dict(os.environ, PYTHONPATH=str(cold_copy))
        done = subprocess.run([sys.executable, "probe.py"], cwd=cold_copy, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert probe() == ["True", "0"]   # cold: compiled
    assert probe() == ["True", "1"]   # warm: loaded
    with open(cold_copy / "nnlib" / "kernels" / "_gemm.py", "a") as f:
        f.write("# edited\n")
    assert probe() == ["True", "0"]   # the callee's file changed: compiled again
