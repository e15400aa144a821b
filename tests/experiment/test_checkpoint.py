"""Checkpoint files: exact round trips, atomic writes, in-place model restore."""
import math

import h5py
import numpy as np
import pytest

import nnlib
from nnlib import models
from nnlib.experiment import load_checkpoint, load_model_state, model_state, save_checkpoint


def test_nested_state_round_trips_exactly(tmp_path):
    rng_state = np.random.default_rng(3).bit_generator.state
    state = {"a": np.arange(3, dtype=np.float32), "rng": rng_state, "f": 0.1 + 0.2, "inf": math.inf,
             "none": None, "list": [1, np.ones((2, 2), dtype=np.int64)], "nested": {"x": True, "s": "text"},
             "scalar": np.float64(1 / 3)}
    save_checkpoint(tmp_path / "c.h5", state)
    back = load_checkpoint(tmp_path / "c.h5")
    assert back["rng"] == rng_state
    assert back["f"] == 0.1 + 0.2 and back["inf"] == math.inf and back["none"] is None
    assert back["nested"] == {"x": True, "s": "text"} and back["scalar"] == 1 / 3
    assert back["a"].dtype == np.float32
    np.testing.assert_array_equal(back["a"], state["a"])
    np.testing.assert_array_equal(back["list"][1], state["list"][1])


def test_a_failed_write_leaves_the_previous_checkpoint_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "c.h5"
    save_checkpoint(path, {"epoch": 1, "w": np.zeros(2)})

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(h5py.Group, "create_dataset", broken)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(path, {"epoch": 2, "w": np.ones(2)})
    assert load_checkpoint(path)["epoch"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.h5", "c.previous.h5"]  # no temporary file left behind
    assert load_checkpoint(tmp_path / "c.previous.h5")["epoch"] == 1


def test_unstorable_values_and_foreign_files_are_named(tmp_path):
    with pytest.raises(ValueError, match="cannot store"):
        save_checkpoint(tmp_path / "c.h5", {"x": object()})
    nnlib.save(tmp_path / "model.h5", models.mlp(3, (4,), 2))
    with pytest.raises(ValueError, match="not an experiment checkpoint"):
        load_checkpoint(tmp_path / "model.h5")


def test_model_state_restores_in_place_keeping_flat_views():
    model = models.mlp(3, (4,), 2)
    flat, _ = model.get_parameters()
    saved = model_state(model)
    weight = model.modules[0].weight
    flat += 1.0
    load_model_state(model, saved)
    assert model.modules[0].weight is weight
    np.testing.assert_array_equal(flat[:weight.size], saved["1.Linear.weight"].ravel())
    with pytest.raises(ValueError, match="has shape"):
        load_model_state(models.mlp(3, (5,), 2), saved)
    with pytest.raises(ValueError, match="lacks"):
        load_model_state(models.mlp(3, (4, 4), 2), saved)
