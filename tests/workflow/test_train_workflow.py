"""The training stages of config/smoke.yaml through snakemake: the whole smoke DAG (data, training,
report) through the cluster-generic-local profile, bit-for-bit reruns, and kill-and-resume."""
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "profiles" / "cluster-generic-local"
_spec = importlib.util.spec_from_file_location("smoke_fixtures", Path(__file__).with_name("smoke_fixtures.py"))
smoke_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smoke_fixtures)

SMOKE_MIRROR = "http://127.0.0.1:8765/"
CLASSIFIERS = ("mlp/relu", "depth/h1_student", "depth/h3_student", "depth/h1_modern", "depth/h3_modern", "cnn/k5")
LANGUAGE_MODELS = ("rnnlm/ptb_lstm", "rnnlm/ptb_bilstm_tree")
RUNS = CLASSIFIERS + LANGUAGE_MODELS + ("seq10/rnn",)
CONFIG_KEYS = {"experiment", "variant", "dataset", "seed", "threads", "n_parameters", "model", "optimizer"}

needs_plugin = pytest.mark.skipif(
    importlib.util.find_spec("snakemake_executor_plugin_cluster_generic") is None,
    reason="snakemake-executor-plugin-cluster-generic is not installed (pyproject.toml lists it; pip install -e .)")


def smoke_config(base_url):
    """config/smoke.yaml with its mirrors pointed at `base_url`."""
    config = yaml.safe_load((ROOT / "config/smoke.yaml").read_text())
    for section in [config["mnist"], *config["corpora"].values()]:
        section["mirrors"] = [m.replace(SMOKE_MIRROR, base_url) for m in section["mirrors"]]
    return config


def snakemake_command(work, config, *args):
    """The command running this checkout's workflow in `work` with `config` (written there)."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "test-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return [sys.executable, "-m", "snakemake", "--snakefile", str(ROOT / "Snakefile"),
            "--configfile", "test-config.yaml", *args]


def environment():
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def snakemake(work, config, *args, check=True):
    result = subprocess.run(snakemake_command(work, config, *args), cwd=work, env=environment(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900)
    if check:
        assert result.returncode == 0, result.stdout[-5000:]
    return result


def weights(path):
    """Every data set of an HDF5 file (a saved model), by name."""
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return out


def assert_same_run(a, b):
    """Two run folders hold the same metrics (all but the timing columns) and the same weights, bit for bit."""
    ma, mb = pd.read_csv(a / "metrics.csv"), pd.read_csv(b / "metrics.csv")
    timing = [c for c in ("seconds", "tokens_per_second") if c in ma.columns]
    pd.testing.assert_frame_equal(ma.drop(columns=timing), mb.drop(columns=timing), check_exact=True)
    wa, wb = weights(a / "model.h5"), weights(b / "model.h5")
    assert wa.keys() == wb.keys() and wa
    for name in wa:
        np.testing.assert_array_equal(wa[name], wb[name], err_msg=name)


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    root = tmp_path_factory.mktemp("mirror")
    smoke_fixtures.write_fixtures(root)
    server = smoke_fixtures.serve(root)
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def smoke_run(mirror, tmp_path_factory):
    """The whole smoke workflow, run once through the cluster-generic-local profile (each job its
    own process, as on a cluster): (work folder, config, snakemake's output)."""
    if importlib.util.find_spec("snakemake_executor_plugin_cluster_generic") is None:
        pytest.skip("snakemake-executor-plugin-cluster-generic is not installed")
    work = tmp_path_factory.mktemp("smoke")
    config = smoke_config(mirror)
    result = snakemake(work, config, "--profile", str(PROFILE))
    return work, config, result.stdout


def test_the_full_study_plans_one_job_per_configured_run(tmp_path):
    dry = subprocess.run([sys.executable, "-m", "snakemake", "--snakefile", str(ROOT / "Snakefile"), "--directory",
                          str(tmp_path), "--configfile", str(ROOT / "config/config.yaml"), "--cores", "8", "--dry-run",
                          "--quiet", "rules"], env=environment(),
                         text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    assert dry.returncode == 0, dry.stdout[-3000:]
    jobs = dict(re.findall(r"^(\w+)\s+(\d+)$", dry.stdout, re.M))
    assert {rule: jobs.get(rule) for rule in ("compile_kernels", "train_mlp", "train_depth", "train_cnn",
                                              "train_seq10", "train_rnnlm")} == \
        {"compile_kernels": None, "train_mlp": "2", "train_depth": "18", "train_cnn": "2", "train_seq10": "1",
         "train_rnnlm": "9"}  # no warm-up job: each training job warms its kernels (kernel_warmup.py)
    assert jobs["table_summary"] == "1" and jobs["figure_learning_curves"] == str(2 + 18 + 2 + 9)


def test_the_workflow_passes_snakemake_lint():
    lint = subprocess.run([sys.executable, "-m", "snakemake", "--lint"], cwd=ROOT, env=environment(), text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    assert lint.returncode == 0 and "Congratulations" in lint.stdout, lint.stdout[-3000:]


@needs_plugin
@pytest.mark.slow
def test_smoke_workflow_trains_every_run_and_reports_through_the_cluster_profile(smoke_run):
    work, config, output = smoke_run
    assert output.count("with external jobid") > len(RUNS)  # training ran as submitted jobs
    for run in RUNS:
        folder = work / "results" / "runs" / run
        settings = yaml.safe_load((folder / "config.yaml").read_text())
        assert CONFIG_KEYS <= set(settings) and settings["n_parameters"] > 0, run
        assert f"{settings['experiment']}/{settings['variant']}" == run
        assert not (folder / "checkpoint.h5").exists(), run
        assert (folder / "model.h5").stat().st_size > 0 and (folder / "train.log").stat().st_size > 0, run
        assert len(pd.read_csv(folder / "metrics.csv")) >= 1, run
    log = (work / "results/runs/mlp/relu/train.log").read_text()  # log_interval 0: a line per batch
    assert re.search(r"epoch 2 train  200/200 samples \(100%\)  loss \S+  accuracy \S+  samples/s \d+  eta 0s$",
                     log, re.M), log[-3000:]
    assert re.search(r"epoch 2  lr .*  samples_per_second \d+  \(", log, re.M), log[-3000:]
    assert yaml.safe_load((work / "results/runs/depth/h3_modern/config.yaml").read_text())["model"] == \
        {"hidden_layers": 3, "recipe": "modern"}
    predictions = pd.read_csv(work / "results/runs/cnn/k5/predictions.csv")
    assert list(predictions.columns) == ["index", "target", "prediction"] and len(predictions) == 100
    lm = pd.read_csv(work / "results/runs/rnnlm/ptb_lstm/metrics.csv")
    assert {"tokens_per_second", "valid_perplexity", "test_perplexity"} <= set(lm.columns)
    assert (work / "results/runs/rnnlm/ptb_lstm/samples.txt").read_text().strip()
    seq10 = pd.read_csv(work / "results/runs/seq10/rnn/metrics.csv")
    assert seq10["iteration"].tolist() == [100, 200]

    tables = work / "results" / "tables"
    assert len(pd.read_csv(tables / "classification.csv")) == len(CLASSIFIERS)
    assert len(pd.read_csv(tables / "depth_ablation.csv")) == 4
    assert len(pd.read_csv(tables / "language_models.csv")) == len(LANGUAGE_MODELS)
    assert (work / "results/figures/depth_ablation.png").stat().st_size > 1000
    assert (work / "results/figures/cnn/k5/conv_filters.png").stat().st_size > 1000

    snakemake(work, config, "--cores", "1", "--report", "results/report.html")
    assert (work / "results/report.html").stat().st_size > 10_000
    assert "Nothing to be done" in snakemake(work, config, "--cores", "1", "--dry-run").stdout


@needs_plugin
@pytest.mark.slow
def test_a_rerun_of_a_training_stage_reproduces_metrics_and_weights(smoke_run, tmp_path):
    work, config, _ = smoke_run
    runs = ("mlp/relu", "cnn/k5", "rnnlm/ptb_bilstm_tree")
    for run in runs:
        subprocess.run(["cp", "-r", str(work / "results/runs" / run), str(tmp_path / run.replace("/", "-"))],
                       check=True)
    snakemake(work, config, "--cores", "2", "--forcerun", "train_mlp", "train_cnn", "train_rnnlm",
              "--until", "train_mlp", "train_cnn", "train_rnnlm")
    for run in runs:
        assert_same_run(tmp_path / run.replace("/", "-"), work / "results/runs" / run)


def kill_once_checkpointed(command, work, checkpoint, timeout=300):
    """Start snakemake in its own process group and SIGKILL the whole group (snakemake and the
    training job) as soon as `checkpoint` exists; return whether it was killed before finishing."""
    process = subprocess.Popen(command, cwd=work, env=environment(), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while not checkpoint.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            return False
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return True


@pytest.mark.slow
def test_a_killed_training_run_resumes_from_its_checkpoint_to_the_same_result(smoke_run, tmp_path):
    work, config, _ = smoke_run
    config = {**config, "run": ["cnn/long"], "train": {"cnn": {**config["train"]["cnn"], "variants": {"long": {
        "model": {"channel_sizes": [16, 32]}, "optimizer": {"max_epoch": 5}}}}}}
    target = "results/runs/cnn/long/config.yaml"
    snakemake(work, config, "--cores", "1", target)
    uninterrupted = tmp_path / "uninterrupted"
    subprocess.run(["cp", "-r", str(work / "results/runs/cnn/long"), str(uninterrupted)], check=True)

    folder = work / "results/runs/cnn/long"
    command = snakemake_command(work, config, "--cores", "1", "--forcerun", "train_cnn", target)
    assert kill_once_checkpointed(command, work, folder / "checkpoint.h5"), "the run ended before its first checkpoint"
    assert not (folder / "config.yaml").exists()
    # without profiles/default, whose rerun-incomplete would plan the rerun without a word
    dry = snakemake(work, config, "--workflow-profile", "none", "--cores", "1", "--dry-run", target,
                    check=False).stdout
    assert "incomplete" in dry.lower()

    snakemake(work, config, "--unlock", target)  # snakemake was killed too: its lock stayed behind
    snakemake(work, config, "--cores", "1", "--rerun-incomplete", target)
    log = (folder / "train.log").read_text()
    assert re.search(r"(^|\s)epoch 2  ", log, re.M), log[-3000:]  # the epoch lines are there (logged)
    assert "resuming from it" in log and not re.search(r"(^|\s)epoch 1  ", log, re.M), log[-3000:]
    assert_same_run(uninterrupted, folder)
    assert not (folder / "checkpoint.h5").exists()
