"""Experiment loop: report columns, stopping, determinism, resume and kill-and-resume."""
import csv
import re
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import nnlib
from nnlib import experiment as ex
from nnlib import models, nn

JOB = Path(__file__).with_name("_resume_job.py")
ETA = r"(\d+h\d\dm|\d+m\d\ds|\d+s)"  # a duration as progress lines write it (1h02m, 3m05s, 12s)


def _job():
    import runpy
    return runpy.run_path(str(JOB), run_name="resume_job")


def _rows(path):
    with open(path) as f:
        return [{k: v for k, v in r.items() if k != "seconds"} for r in csv.DictReader(f)]  # timing differs


def _weights(path):
    with np.load(path) as z:
        return {k: z[k] for k in z.files}


def _assert_same_weights(a, b):
    assert a.keys() == b.keys()
    for k in a:
        assert a[k].tobytes() == b[k].tobytes(), k


def _simple(max_epoch=3, observers=(), log=None, progress=False):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((20, 4)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    model = models.mlp(4, (3,), 2)
    train = ex.Optimizer(ex.ShuffleSampler(5), nn.ClassNLLCriterion(), ex.Confusion(), lr=0.1,
                         schedule=ex.LinearDecay(0.1, 0.01, 2))
    valid = ex.Evaluator(ex.Sampler(8), nn.ClassNLLCriterion(), ex.Confusion())
    xp = ex.Experiment(model, train, valid, None, observers, max_epoch=max_epoch, progress=progress,
                       log=log if log is not None else io.StringIO())
    return xp, (x, y)


def test_report_columns_lr_and_one_log_line_per_epoch():
    log = io.StringIO()
    xp, data = _simple(log=log)
    rows = xp.run(data, data)
    assert list(rows[0]) == ["epoch", "lr", "seconds", "train_loss", "train_accuracy", "valid_loss",
                             "valid_accuracy"]
    assert [r["epoch"] for r in rows] == [1, 2, 3]
    assert [r["lr"] for r in rows] == pytest.approx([0.1, 0.055, 0.01])
    assert len(log.getvalue().splitlines()) == 3 and log.getvalue().startswith("epoch 1  lr 0.1  train_loss")


def test_an_observer_stops_the_run():
    stopper = ex.EarlyStopper("train_loss", maximize=True, patience=0)
    xp, data = _simple(max_epoch=10, observers=[stopper])
    assert len(xp.run(data, data)) == 2
    assert xp.done


def test_a_resumed_run_rewrites_metrics_csv_and_ignores_checkpoints_of_other_configurations(tmp_path):
    ck, csv_path = tmp_path / "c.h5", tmp_path / "metrics.csv"
    xp, data = _simple(max_epoch=2, observers=[ex.MetricsLogger(csv_path)])
    xp.run(data, data, checkpoint=ck, fingerprint="a")
    expected = csv_path.read_text()
    csv_path.unlink()
    again, data = _simple(max_epoch=2, observers=[ex.MetricsLogger(csv_path)])
    again.run(data, data, checkpoint=ck, fingerprint="a")
    assert csv_path.read_text() == expected and again.epoch == 2
    log = io.StringIO()
    other, data = _simple(max_epoch=1, observers=[ex.MetricsLogger(csv_path)], log=log)
    other.run(data, data, checkpoint=ck, fingerprint="b")
    assert "written for another configuration" in log.getvalue()
    assert len(other.metrics) == 1 and ex.load_checkpoint(ck)["fingerprint"] == "b"


def test_epoch_lines_go_to_the_logger_with_an_eta(caplog):
    xp, data = _simple(max_epoch=2)
    xp.log = None
    with caplog.at_level("INFO", logger="nnlib.experiment.experiment"):
        xp.run(data)
    lines = [r.getMessage() for r in caplog.records if r.name == "nnlib.experiment.experiment"]
    assert len(lines) == 2 and lines[0].startswith("epoch 1 ") and lines[1].startswith("epoch 2 ")
    assert "eta <= " in lines[0] and "(1 epochs left)" in lines[0] and "eta" not in lines[1]


def test_progress_bar_runs(capsys):
    xp, data = _simple(max_epoch=1, progress=True)
    xp.run(data)
    assert "epoch 1 train" in capsys.readouterr().err


def test_same_experiment_twice_gives_identical_metrics_and_weights(tmp_path):
    job = _job()
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        job["main"](str(tmp_path / name))
    assert _rows(tmp_path / "a/metrics.csv") == _rows(tmp_path / "b/metrics.csv")
    _assert_same_weights(_weights(tmp_path / "a/weights.npz"), _weights(tmp_path / "b/weights.npz"))
    lrs = [float(r["lr"]) for r in _rows(tmp_path / "a/metrics.csv")]
    assert len(lrs) == job["MAX_EPOCH"] and lrs[0] == 0.2


@pytest.mark.parametrize("algorithm", [None, "adam"])
def test_resuming_from_a_checkpoint_matches_an_uninterrupted_run(tmp_path, algorithm):
    job = _job()
    (tmp_path / "full").mkdir()
    (tmp_path / "split").mkdir()
    job["main"](str(tmp_path / "full"), algorithm=algorithm)
    for stop in range(1, job["MAX_EPOCH"] + 1):  # resume at every epoch boundary
        np.random.seed(stop)  # as in a new process: generators in some other state
        nnlib.manual_seed(100 + stop)
        xp = job["main"](str(tmp_path / "split"), max_epoch=stop, algorithm=algorithm)
        assert len(_rows(tmp_path / "split/metrics.csv")) == stop
    assert xp.epoch == job["MAX_EPOCH"]
    assert _rows(tmp_path / "full/metrics.csv") == _rows(tmp_path / "split/metrics.csv")
    _assert_same_weights(_weights(tmp_path / "full/weights.npz"), _weights(tmp_path / "split/weights.npz"))
    again = job["main"](str(tmp_path / "split"), algorithm=algorithm)  # a finished run reruns no epoch
    assert len(again.metrics) == job["MAX_EPOCH"]


def test_sigkill_after_the_first_checkpoint_then_rerun_matches_an_uninterrupted_run(tmp_path):
    job = _job()
    (tmp_path / "full").mkdir()
    (tmp_path / "killed").mkdir()
    job["main"](str(tmp_path / "full"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    cmd = [sys.executable, str(JOB), str(tmp_path / "killed")]
    proc = subprocess.Popen(cmd + ["1.0"], env=env)
    checkpoint = tmp_path / "killed/checkpoint.h5"
    deadline = time.monotonic() + 120
    while not checkpoint.exists():
        assert proc.poll() is None, "the training process ended before its first checkpoint"
        assert time.monotonic() < deadline, "no checkpoint after 120 s"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert ex.load_checkpoint(checkpoint)["epoch"] < job["MAX_EPOCH"]
    assert not (tmp_path / "killed/weights.npz").exists()
    subprocess.run(cmd + ["0"], env=env, check=True)
    assert _rows(tmp_path / "full/metrics.csv") == _rows(tmp_path / "killed/metrics.csv")
    _assert_same_weights(_weights(tmp_path / "full/weights.npz"), _weights(tmp_path / "killed/weights.npz"))


def test_progress_lines_within_each_phase_and_samples_per_second_on_epoch_lines():
    log = io.StringIO()
    xp, data = _simple(max_epoch=1, log=log)
    xp.log_interval = 0  # a line after every batch
    xp.run(data, data)
    lines = log.getvalue().splitlines()
    train = [line for line in lines if line.startswith("epoch 1 train  ")]
    valid = [line for line in lines if line.startswith("epoch 1 valid  ")]
    assert len(train) == 4 and len(valid) == 3 and len(lines) == 8  # 20 examples: 4 batches of 5, 3 of 8
    assert [line.split("  ")[1] for line in train] == ["5/20 samples (25%)", "10/20 samples (50%)",
                                                       "15/20 samples (75%)", "20/20 samples (100%)"]
    assert [line.split("  ")[1] for line in valid] == ["8/20 samples (40%)", "16/20 samples (80%)",
                                                       "20/20 samples (100%)"]
    assert all(re.search(rf"  loss [0-9.e+-]+  accuracy [0-9.e+-]+  samples/s \d+  eta {ETA}$", line)
               for line in train + valid), train + valid
    assert train[-1].split("  ")[2] == f"loss {xp.metrics[0]['train_loss']:.6g}"  # the epoch's loss so far
    assert train[-1].split("  ")[3] == f"accuracy {xp.metrics[0]['train_accuracy']:.6g}"
    assert lines[-1].startswith("epoch 1  lr 0.1") and re.search(r"  samples_per_second \d+  \(", lines[-1])
    assert "samples_per_second" not in xp.metrics[0]  # a log value: metrics.csv's columns are unchanged


def test_progress_lines_wait_for_their_interval_and_a_bar_replaces_them():
    log = io.StringIO()
    xp, data = _simple(max_epoch=2, log=log)
    xp.log_interval = 3600.0  # longer than any phase here: epoch lines only
    xp.run(data, data)
    assert [line.split("  ")[0] for line in log.getvalue().splitlines()] == ["epoch 1", "epoch 2"]
    log = io.StringIO()
    xp, data = _simple(max_epoch=1, log=log, progress=True)
    xp.log_interval = 0
    xp.run(data, data)
    assert len(log.getvalue().splitlines()) == 1
    with pytest.raises(ValueError, match="log_interval must be None"):
        ex.Experiment(models.mlp(4, (3,), 2), ex.Optimizer(ex.Sampler(5), nn.ClassNLLCriterion()), log_interval=-1)


def test_a_text_phase_logs_tokens_per_second_and_perplexity_so_far():
    ids = np.arange(161, dtype=np.int64) % 7
    model = models.rnnlm(7, hidden_sizes=(5,))
    prop = ex.Evaluator(ex.TextSampler(4, 10), nn.SequencerCriterion(nn.ClassNLLCriterion()), ex.Perplexity())
    lines = []
    report = prop.propagate(model, ids, desc="epoch 2 test", log=lines.append, log_interval=0)
    assert [line.split("  ")[1] for line in lines] == ["40/160 tokens (25%)", "80/160 tokens (50%)",
                                                       "120/160 tokens (75%)", "160/160 tokens (100%)"]
    assert lines[-1].split("  ")[3] == f"perplexity {report['perplexity']:.6g}"
    assert all(re.search(rf"^epoch 2 test  .*  tokens/s \d+  eta {ETA}$", line) for line in lines), lines
