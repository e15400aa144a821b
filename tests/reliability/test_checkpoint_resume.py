"""Issue 23, findings 3, 4 and 7: damaged checkpoints are skipped, never trusted; a resume under
another thread count continues bit for bit, one on another CPU is refused."""
import io

import numba
import numpy as np
import pytest

import nnlib
from nnlib import experiment as ex
from nnlib import models, nn


def _experiment(max_epoch, log):
    nnlib.manual_seed(3)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((40, 6)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int64)
    model = models.mlp(6, (5,), 2)
    train = ex.Optimizer(ex.ShuffleSampler(8), nn.ClassNLLCriterion(), ex.Confusion(), lr=0.2, momentum=0.5)
    valid = ex.Evaluator(ex.Sampler(16), nn.ClassNLLCriterion(), ex.Confusion())
    return ex.Experiment(model, train, valid, None, max_epoch=max_epoch, progress=False, log=log), (x, y)


def _run(path, max_epoch, log=None):
    log = log if log is not None else io.StringIO()
    xp, data = _experiment(max_epoch, log)
    rows = xp.run(data, data, checkpoint=path)
    return [{k: v for k, v in r.items() if k != "seconds"} for r in rows], xp.model.get_parameters()[0].copy()


@pytest.fixture(scope="module")
def reference():
    """An uninterrupted 3-epoch run."""
    return _run(None, 3)


def _assert_same(result, reference):
    assert result[0] == reference[0]
    assert result[1].tobytes() == reference[1].tobytes()


def test_two_generations_are_kept(tmp_path):
    _run(tmp_path / "checkpoint.h5", 2)
    assert ex.load_checkpoint(tmp_path / "checkpoint.h5")["epoch"] == 2
    assert ex.load_checkpoint(tmp_path / "checkpoint.previous.h5")["epoch"] == 1


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty"])
def test_a_damaged_checkpoint_falls_back_to_the_previous_one(tmp_path, reference, damage):
    """The attack: a truncated checkpoint stopped every rerun with a raw h5py error; a flipped bit
    resumed silently from wrong weights (the MLP ended at 94.05% instead of 95.45%)."""
    path = tmp_path / "checkpoint.h5"
    _run(path, 2)
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[:len(data) // 2]
    elif damage == "flip":
        data[-len(data) // 3] ^= 0x04
    else:
        data = b""
    path.write_bytes(bytes(data))
    log = io.StringIO()
    _assert_same(_run(path, 3, log), reference)
    text = log.getvalue()
    assert f"skipping the checkpoint {path}: load: {path}" in text
    assert f"resuming from the previous checkpoint {tmp_path / 'checkpoint.previous.h5'} (epoch 1)" in text
    assert (tmp_path / "checkpoint.h5.damaged").exists()


def test_with_every_checkpoint_damaged_the_run_starts_over(tmp_path, reference):
    path = tmp_path / "checkpoint.h5"
    _run(path, 2)
    for p in (path, tmp_path / "checkpoint.previous.h5"):
        p.write_bytes(p.read_bytes()[:700])
    log = io.StringIO()
    _assert_same(_run(path, 3, log), reference)
    assert log.getvalue().count("skipping the checkpoint") == 2


def _wide_run(path, max_epoch, threads):
    """A 3-epoch MLP at `threads` threads whose GEMMs split: into output blocks (2048 x 16 x 24 forward)
    and along the inner dimension (the 16 x 24 weight gradient over a batch of 2048)."""
    before = nnlib.get_num_threads()
    try:
        nnlib.set_num_threads(threads)
        nnlib.manual_seed(5)
        rng = np.random.default_rng(5)
        x = rng.standard_normal((4096, 24)).astype(np.float32)
        y = (x[:, :12].sum(axis=1) > 0).astype(np.int64)
        train = ex.Optimizer(ex.ShuffleSampler(2048), nn.ClassNLLCriterion(), ex.Confusion(), lr=0.1, momentum=0.5)
        xp = ex.Experiment(models.mlp(24, (16,), 2), train, None, None, max_epoch=max_epoch, progress=False,
                           log=io.StringIO())
        rows = xp.run((x, y), checkpoint=path)
        return [{k: v for k, v in r.items() if k != "seconds"} for r in rows], xp.model.get_parameters()[0].copy()
    finally:
        nnlib.set_num_threads(before)


@pytest.mark.skipif(numba.config.NUMBA_NUM_THREADS < 2, reason="numba has one thread (NUMBA_NUM_THREADS)")
def test_a_resume_under_another_thread_count_continues_bit_for_bit(tmp_path):
    """The attack: a checkpoint resumed at another thread count mixed two reduction orders, so the
    result was neither run's. Blocks now follow the shapes alone: both runs are the same bits, and
    a run checkpointed at one thread and resumed at two ends as either."""
    one, two = _wide_run(None, 3, 1), _wide_run(None, 3, 2)
    _assert_same(two, one)
    path = tmp_path / "checkpoint.h5"
    _wide_run(path, 1, 1)
    assert ex.load_checkpoint(path)["arithmetic"]["threads"] == 1
    _assert_same(_wide_run(path, 3, 2), one)


def test_a_resume_on_another_cpu_is_refused(tmp_path):
    """What still decides the rounding (the CPU features numba compiled for, BLAS, versions) is
    checked: a resume under another one is refused, saying how to proceed."""
    path = tmp_path / "checkpoint.h5"
    _run(path, 1)
    state = ex.load_checkpoint(path)
    assert state["arithmetic"]["cpu"] and state["arithmetic"]["cpu_features"] is not None
    state["arithmetic"]["cpu"] = "another-cpu"  # as if written on another machine
    ex.save_checkpoint(path, state)
    with pytest.raises(ex.ResumeRefused, match=r"cpu: another-cpu in the checkpoint, .* now.*resume on the machine"
                                               r".*to start over instead, delete"):
        _run(path, 2)
