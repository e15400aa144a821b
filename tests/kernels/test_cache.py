"""numba's on-disk cache: cold-cache races and thread-count changes between processes.

Each test copies the nnlib package into a fresh directory, so the kernel cache
(`__pycache__` beside the sources) starts cold, then runs a workload in
subprocesses and checks they all succeed and agree bit for bit.
"""
import dis
import importlib
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import nnlib.kernels as K
from nnlib.kernels import _config

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
    env.pop("NUMBA_CACHE_DIR", None)  # the copy's cache beside its sources, where the tests look
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
    """Results are the same bits whatever the thread count and the pool size (blocks follow the shapes)."""
    first = _finish(_start(cold_copy, 1, 1))
    second = _finish(_start(cold_copy, 2, 2))
    third = _finish(_start(cold_copy, 1, 2))
    fourth = _finish(_start(cold_copy, 2, 2))
    assert first == second == third == fourth


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


def _kernel_calls():
    """(caller, callee) for every kernel of nnlib.kernels that names another kernel in its code."""
    from numba.core.registry import CPUDispatcher
    kernels = [obj for m in pkgutil.iter_modules(K.__path__)
               for obj in vars(importlib.import_module(f"nnlib.kernels.{m.name}")).values()
               if isinstance(obj, CPUDispatcher) and obj.py_func.__module__.startswith("nnlib.kernels.")]
    for caller in set(kernels):
        code = caller.py_func.__code__
        names = {i.argval for i in dis.get_instructions(code) if i.opname in ("LOAD_GLOBAL", "LOAD_ATTR")}
        for name in sorted(names):
            callee = caller.py_func.__globals__.get(name)
            if isinstance(callee, CPUDispatcher):
                yield caller, callee


# Kernels called by others and not inlined: their code does no floating-point arithmetic that a
# caller's optimisation could round differently (index arithmetic, comparisons, copies, BLAS calls;
# gemm's own arithmetic in _gemm_rows, beta * out for an empty inner dimension and the partial sums
# added one at a time, rounds once per operation, which no fastmath flag can change).
NOT_INLINED = {"nnlib.kernels._gemm._gemm_rows",
               "nnlib.kernels._transpose.transpose", "nnlib.kernels.criterion_margin._mark_targets",
               "nnlib.kernels.spatial_convolution._per_image_geometry",
               "nnlib.kernels.spatial_convolution._valid_range", "nnlib.kernels.spatial_convolution.image_blocks",
               "nnlib.kernels.spatial_convolution_fft._column_blocks",
               "nnlib.kernels.spatial_convolution_fft._scratch_stride", "nnlib.kernels.spatial_pooling._wins"}


def test_kernels_called_by_kernels_are_inlined_or_do_no_float_arithmetic():
    """Finding 6 of issue 23: a called kernel's machine code exists once per caller, and the process
    runs whichever copy it loaded first; copies of float arithmetic could round apart (see
    `_config.jit_inline`), so those helpers are inlined."""
    calls = list(_kernel_calls())
    assert len(calls) > 50  # the walk finds the kernels' calls
    offending = sorted({f"{callee.py_func.__module__}.{callee.py_func.__name__} (from {caller.py_func.__name__})"
                        for caller, callee in calls if callee.targetoptions.get("inline") != "always"
                        and f"{callee.py_func.__module__}.{callee.py_func.__name__}" not in NOT_INLINED})
    assert offending == []


def test_exact_kernels_say_no_fastmath():
    """A kernel that leaves fastmath unset takes its caller's flags (numba#7168)."""
    assert _config._EXACT["fastmath"] is False and _config.pjit(lambda x: x, exact=True).targetoptions["fastmath"] is False


RECURRENT_PROBE = """
import hashlib, sys
import numpy as np
from nnlib.kernels import rnn
from nnlib.plans import RecurrentPlan
f = np.float32
rng = np.random.default_rng(0)
T, N, H = 7, 10, 12
if sys.argv[1] == "step-first":  # the step kernel alone first: its own machine code is loaded
    z = np.zeros((N, H), f)
    rnn.rnn_step_update_output(z, z, z[0], z[0], np.zeros(N, np.uint8), np.ones(N, np.uint8), 0, z.copy(),
                               np.zeros(N, np.uint8))
xproj, h0 = rng.standard_normal((T, N, H)).astype(f), rng.standard_normal((N, H)).astype(f)
w, b, start = rng.standard_normal((H, H)).astype(f), rng.standard_normal(H).astype(f), rng.standard_normal(H).astype(f)
h = np.empty((T, N, H), f)
plan = RecurrentPlan(N, H, f)
rnn.rnn_update_output(xproj, w, b, start, h0, np.zeros(N, np.uint8), np.ones((T, N), np.uint8), 0, h,
                      np.zeros((T, N), np.uint8), plan.inline, plan.forward_work)
print(hashlib.sha256(h.tobytes()).hexdigest())
"""


def test_a_fused_kernel_rounds_alike_whatever_the_process_loaded_before(tmp_path):
    """The measured case of finding 6: seq10's fused recurrent kernel ran its own copy of the step
    kernel, or the step kernel's own code when that was loaded first, 1 ulp apart."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))

    def run(mode):
        done = subprocess.run([sys.executable, "-c", RECURRENT_PROBE, mode], env=env, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    run("fused-only")  # both kernels compiled and cached, if the cache was cold
    assert run("fused-only") == run("step-first")
