"""Issue 23, finding 7 at its root: a training step gives the same bits at 1 and at 2 threads.

Snakemake scales a rule's threads down to `--cores`, so the same run may get another thread
count on another invocation. Every reduction whose blocks used to follow the thread count
(GEMM output and inner-dimension blocks, the per-image weight gradient of a convolution) now
has blocks decided by the shapes alone, added in a fixed order; numba's threads only share
them out. Each workload runs in a child process (NUMBA_NUM_THREADS=2, so two threads exist
on any machine), on its sized dispatch and with every size-dispatched kernel on its parallel path.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JOB = Path(__file__).with_name("_arith_job.py")
WORKLOADS = ("mlp", "batchnorm_mlp", "cnn", "lstm_lm", "seq10", "conv3d", "dilated_full", "temporal")


def digests(threads, *args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), NUMBA_NUM_THREADS="2")
    done = subprocess.run([sys.executable, str(JOB), str(threads), *args], env=env, capture_output=True,
                          text=True, timeout=1200)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("paths", [(), ("--parallel-paths",)], ids=["sized", "parallel-paths"])
def test_a_training_step_gives_the_same_bits_at_one_and_two_threads(paths):
    one, two = digests(1, *paths, *WORKLOADS), digests(2, *paths, *WORKLOADS)
    assert {w for w in WORKLOADS if one[w] != two[w]} == set()
