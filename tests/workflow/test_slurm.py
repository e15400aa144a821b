"""The smoke workflow through a real, one-node SLURM cluster with the project's profile (profiles/slurm),
against a local run of the same config: every output equal, bit for bit (timing columns aside).

scripts/ci/slurm.sh starts the cluster (slurmctld, slurmd, slurmdbd on MariaDB, munge); .ci/run
installs the packages and starts it before the tests, and the test starts it itself where the packages
are installed (then stops it again). It skips, with the script's reason, only where SLURM cannot be had:
packages not installed (and not installable) or not root."""
import os
import re
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from test_train_workflow import (RUNS, assert_same_run, environment, mirror, smoke_config,  # noqa: F401
                                 snakemake_command, weights)

ROOT = Path(__file__).resolve().parents[2]
SLURM = ROOT / "scripts" / "ci" / "slurm.sh"
PROFILE = ROOT / "profiles" / "slurm"
# Each job gets its rule's threads: as cpus_per_task under SLURM, and locally as long as the cores
# cover the largest rule (2 threads: train_cnn, train_rnnlm). Equal threads make equal numbers.
LOCAL_CORES = "2"
TIMING = {"seconds", "seconds_per_epoch", "tokens_per_second"}

pytestmark = [pytest.mark.slurm, pytest.mark.slow]


def slurm_sh(*args, timeout=600):
    return subprocess.run(["bash", str(SLURM), *args], text=True, capture_output=True, timeout=timeout)


@pytest.fixture(scope="module")
def slurm_cluster():
    """A running one-node cluster; its SLURM_CONF is set in os.environ for the clients (sbatch, sacct)."""
    was_up = slurm_sh("status").returncode == 0
    up = slurm_sh("up", "--no-install")
    if up.returncode == 77:
        pytest.skip(up.stderr.strip().splitlines()[-1])
    assert up.returncode == 0, up.stderr
    (conf,) = re.findall(r"^export SLURM_CONF=(\S+)$", slurm_sh("env").stdout, re.M)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SLURM_CONF", conf)
        yield conf
    if not was_up:
        down = slurm_sh("down")
        assert down.returncode == 0, down.stderr


@pytest.fixture(scope="module")
def runs(slurm_cluster, mirror, tmp_path_factory):  # noqa: F811 (mirror: the fixture imported above)
    """The smoke workflow run twice: through SLURM with profiles/slurm, and locally. Returns
    (slurm work folder, local work folder, snakemake's output of the SLURM run)."""
    config = smoke_config(mirror)
    on_slurm = tmp_path_factory.mktemp("slurm")
    # the profile as a cluster uses it; only its status polling is made quick (40 s by default)
    output = run_workflow(on_slurm, config, "--executor", "slurm", "--profile", str(PROFILE),
                          "--slurm-init-seconds-before-status-checks", "1", "--latency-wait", "5")
    local = tmp_path_factory.mktemp("local")
    run_workflow(local, config, "--cores", LOCAL_CORES)
    return on_slurm, local, output


def run_workflow(work, config, *args):
    """snakemake() with a longer timeout: each of the SLURM run's ~20 jobs starts Snakemake anew (seconds
    on a quiet machine, half a minute on a loaded one). Returns its output."""
    result = subprocess.run(snakemake_command(work, config, *args), cwd=work, env=environment(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=3600)
    assert result.returncode == 0, result.stdout[-5000:]
    return result.stdout


def outputs(work):
    """The workflow's outputs under results/, relative paths (logs and benchmarks are not outputs to compare)."""
    return {str(p.relative_to(work)) for p in (work / "results").rglob("*")
            if p.is_file() and p.suffix not in {".log", ".tsv"}}


def same_bits(a, b):
    """Equal dtype, shape and bytes (an array of strings, e.g. a vocabulary: equal items)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    return a.tolist() == b.tolist() if a.dtype == object else a.tobytes() == b.tobytes()


def test_the_smoke_workflow_runs_its_jobs_as_slurm_jobs(runs, slurm_cluster):
    on_slurm, _, output = runs
    jobids = set(re.findall(r"SLURM jobid (\d+)", output))
    assert len(jobids) > len(RUNS), output[-5000:]  # every training run (and the data stages) was a SLURM job
    sacct = subprocess.run(["sacct", "-X", "-n", "-P", "-j", ",".join(sorted(jobids)), "-o", "JobID,State"],
                           text=True, capture_output=True, check=True, env=os.environ).stdout
    states = dict(line.split("|") for line in sacct.splitlines())
    assert set(states) == jobids and set(states.values()) == {"COMPLETED"}, sacct


def test_every_output_of_the_slurm_run_equals_the_local_runs(runs):
    on_slurm, local, _ = runs
    files = outputs(on_slurm)
    assert files == outputs(local) and files
    for run in RUNS:
        assert_same_run(local / "results/runs" / run, on_slurm / "results/runs" / run)
    threads = {run: yaml.safe_load((on_slurm / "results/runs" / run / "config.yaml").read_text())["threads"]
               for run in RUNS}
    assert threads["cnn/k5"] == threads["rnnlm/ptb_lstm"] == 2 and threads["mlp/relu"] == 1, threads
    compared = set()
    for name in sorted(files):
        a, b = local / name, on_slurm / name
        if name.endswith(".csv"):
            ta, tb = pd.read_csv(a), pd.read_csv(b)
            timing = sorted(TIMING & set(ta.columns))
            pd.testing.assert_frame_equal(ta.drop(columns=timing), tb.drop(columns=timing), check_exact=True,
                                          obj=name)
        elif name.endswith(".h5"):
            wa, wb = weights(a), weights(b)
            assert wa.keys() == wb.keys() and wa, name
            for key in wa:
                assert same_bits(wa[key], wb[key]), f"{name}:{key}"
        elif name.endswith((".yaml", ".txt")):
            assert a.read_bytes() == b.read_bytes(), name
        else:  # figures, tables as md/html: they show timing columns too
            assert a.stat().st_size > 0 and b.stat().st_size > 0, name
            continue
        compared.add(name)
    assert {f"results/runs/{run}/{f}" for run in RUNS for f in ("model.h5", "metrics.csv", "config.yaml")} <= compared
    assert {"results/tables/classification.csv", "results/tables/language_models.csv"} <= compared
