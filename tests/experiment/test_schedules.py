"""Learning-rate schedules against hand-computed sequences."""
import pytest

from nnlib.experiment import (AdaptiveDecay, AdaptiveSchedule, LinearDecay, NoDecay, StepSchedule,
                              make_schedule)


def _run(schedule, lr, epochs):
    out = [lr]
    for e in range(1, epochs):
        lr = schedule.next_lr(lr, e)
        out.append(lr)
    return out


def test_linear_decay_adds_a_constant_step_and_floors_at_min_lr():
    lrs = _run(LinearDecay(0.1, min_lr=0.01, saturate_epoch=3), 0.1, 6)
    assert lrs == pytest.approx([0.1, 0.07, 0.04, 0.01, 0.01, 0.01], abs=1e-15)
    assert lrs[4] == 0.01 and lrs[5] == 0.01


def test_step_schedule_sets_the_rate_after_listed_epochs():
    s = StepSchedule({2: 0.05, "4": 0.001}, min_lr=0.002)
    assert _run(s, 0.1, 6) == [0.1, 0.1, 0.05, 0.05, 0.002, 0.002]


def test_adaptive_schedule_multiplies_by_the_observer_decay_then_resets_it():
    ad = AdaptiveDecay(max_wait=1, decay_factor=0.5)
    s = AdaptiveSchedule(ad, min_lr=0.03)
    assert s.next_lr(0.1, 1) == 0.1
    ad.decay = 0.5
    assert s.next_lr(0.1, 2) == 0.05
    assert ad.decay == 1.0
    ad.decay = 0.5
    assert s.next_lr(0.05, 3) == 0.03


def test_no_decay_and_make_schedule():
    assert _run(NoDecay(), 0.1, 3) == [0.1, 0.1, 0.1]
    assert isinstance(make_schedule("linear", 0.1), LinearDecay)
    assert isinstance(make_schedule("none", 0.1), NoDecay)
    assert isinstance(make_schedule("schedule", 0.1, schedule={1: 0.01}), StepSchedule)
    assert isinstance(make_schedule("adaptive", 0.1, adaptive=AdaptiveDecay()), AdaptiveSchedule)
    with pytest.raises(ValueError, match="unknown learning-rate decay 'cosine'"):
        make_schedule("cosine", 0.1)
    with pytest.raises(ValueError, match="needs adaptive="):
        make_schedule("adaptive", 0.1)
    with pytest.raises(ValueError, match="must map epochs to rates"):
        StepSchedule([1, 2])
