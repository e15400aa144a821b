"""EarlyStopper, AdaptiveDecay and MetricsLogger against hand-computed sequences."""
import csv

import numpy as np
import pytest

from nnlib import models
from nnlib.experiment import AdaptiveDecay, EarlyStopper, MetricsLogger


def _feed(observer, key, values):
    return [observer.on_epoch_end({"epoch": e, key: v}, None) for e, v in enumerate(values, 1)]


def test_early_stopper_stops_after_patience_epochs_without_a_new_minimum():
    s = EarlyStopper("valid_loss", patience=2)
    assert _feed(s, "valid_loss", [5, 4, 4.5, 4.2, 4.1]) == [False, False, False, False, True]
    assert (s.best, s.best_epoch) == (4, 2)


def test_early_stopper_maximizes_and_ignores_epochs_before_start_epoch():
    s = EarlyStopper("valid_accuracy", maximize=True, patience=1, start_epoch=2)
    assert _feed(s, "valid_accuracy", [0.9, 0.5, 0.6, 0.6, 0.55]) == [False, False, False, False, True]
    assert (s.best, s.best_epoch) == (0.6, 3)


def test_early_stopper_calls_on_best_and_round_trips_its_state():
    bests = []
    s = EarlyStopper("valid_loss", patience=3, on_best=lambda xp: bests.append(xp))
    _feed(s, "valid_loss", [3, 2, 2.5])
    assert bests == [None, None]
    t = EarlyStopper("valid_loss", patience=3)
    t.load_state_dict(s.state_dict())
    assert (t.best, t.best_epoch) == (2, 2)
    with pytest.raises(ValueError, match="no key 'valid_loss'"):
        s.on_epoch_end({"epoch": 4, "train_loss": 1.0}, None)


def test_adaptive_decay_sets_the_factor_after_max_wait_epochs_without_a_minimum():
    ad = AdaptiveDecay("valid_loss", max_wait=1, decay_factor=0.5)
    decays = []
    for e, v in enumerate([3, 2, 2.5, 2.6, 2.7, 1.0, 1.1], 1):
        ad.on_epoch_end({"epoch": e, "valid_loss": v}, None)
        decays.append(ad.decay)
    assert decays == [1, 1, 1, 0.5, 1, 1, 1]
    other = AdaptiveDecay("valid_loss")
    other.load_state_dict(ad.state_dict())
    assert (other.wait, other.decay, other.best, other.best_epoch) == (1, 1.0, 1.0, 6)


class _Rows:
    def __init__(self, rows):
        self.metrics = rows


def test_metrics_logger_writes_all_rows_with_floats_that_read_back_exactly(tmp_path):
    rows = [{"epoch": 1, "lr": 0.1, "train_loss": 1 / 3, "seconds": 0.5},
            {"epoch": 2, "lr": 0.07000000000000001, "train_loss": 2 / 7, "seconds": 0.25}]
    logger = MetricsLogger(tmp_path / "metrics.csv")
    logger.on_epoch_end(rows[-1], _Rows(rows))
    with open(tmp_path / "metrics.csv") as f:
        read = list(csv.DictReader(f))
    assert list(read[0]) == ["epoch", "lr", "train_loss", "seconds"]
    assert [float(r["train_loss"]) for r in read] == [1 / 3, 2 / 7]
    assert float(read[1]["lr"]) == 0.07000000000000001
    assert not list(tmp_path.glob("*.tmp*"))


class _Holder:
    def __init__(self, model):
        self.model = model


def test_early_stopper_keeps_the_best_weights_and_restores_them():
    model = models.mlp(3, (2,), 2)
    xp = _Holder(model)
    s = EarlyStopper("valid_loss", patience=5, keep_best=True)
    weights = []
    for e, v in enumerate([3.0, 1.0, 2.0], 1):
        model.modules[0].weight += 1.0
        weights.append(model.modules[0].weight.copy())
        s.on_epoch_end({"epoch": e, "valid_loss": v}, xp)
    t = EarlyStopper("valid_loss", patience=5, keep_best=True)
    t.load_state_dict(s.state_dict())
    assert t.restore_best(model)
    np.testing.assert_array_equal(model.modules[0].weight, weights[1])
    assert not EarlyStopper().restore_best(model)
