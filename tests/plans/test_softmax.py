"""SoftMaxPlan: the row or spatial kernels, serial or threaded, per geometry; the choice follows the threshold."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.kernels import _config
from nnlib.plans import SoftMaxPlan

from ._choices import assert_serial_and_threaded_agree


@pytest.mark.parametrize("shape, rows, parallel", [
    ((10, 10, 1), True, False),                                  # a small batch of rows
    ((_config.PARALLEL_MIN_SIZE // 1024, 1024, 1), True, True),  # just at the threshold
    ((_config.PARALLEL_MIN_SIZE // 1024 - 1, 1024, 1), True, False),
    ((2, 3, 5 * 5), False, False),                               # spatial: several positions per frame
    ((8, 16, 32 * 32), False, True),
])
def test_the_choice_follows_the_table(shape, rows, parallel):
    plan = SoftMaxPlan(shape, np.float32, log=True)
    assert (plan.rows, plan.parallel) == (rows, parallel)


def test_the_choice_follows_a_patched_threshold(monkeypatch):
    assert not SoftMaxPlan((4, 9, 1), np.float64, log=False).parallel
    monkeypatch.setattr(_config, "PARALLEL_MIN_SIZE", 0)
    assert SoftMaxPlan((4, 9, 1), np.float64, log=False).parallel
    monkeypatch.undo()
    with _config.parallel_paths():  # the kernel warm-up's switch reaches the plans built within it
        assert SoftMaxPlan((4, 9, 1), np.float64, log=False).parallel


@pytest.mark.parametrize("make, shape", [(nn.LogSoftMax, (5, 7)), (nn.SoftMax, (3, 4, 5)), (nn.SoftMin, (2, 3, 4, 5))])
def test_either_choice_gives_the_same_bits(make, shape, monkeypatch):
    rng = np.random.default_rng(0)
    x, gy = rng.standard_normal(shape), rng.standard_normal(shape)

    def run():
        m = make().double()
        return m.forward(x).copy(), m.backward(x, gy).copy(), m._plan.parallel

    assert_serial_and_threaded_agree(run, monkeypatch)


def test_a_module_builds_one_plan_per_geometry():
    sm = nn.SpatialLogSoftMax()
    x = np.random.default_rng(1).standard_normal((2, 3, 4, 5)).astype(np.float32)
    sm.forward(x)
    plan = sm._plan
    assert plan.key == ((2, 3, 20), np.dtype(np.float32), True) and not plan.rows
    sm.backward(x, np.ones_like(x))
    sm.forward(x)
    assert sm._plan is plan
    sm.forward(x[:1])
    assert sm._plan is not plan and sm._plan.key[0] == (1, 3, 20)
    sm.forward(x[0, :, :1, :1])                 # (C, 1, 1): one frame of one position, the row kernels
    assert sm._plan.rows and sm._plan.key[0] == (1, 3, 1)


def test_plans_are_work_state(tmp_path):
    import nnlib
    model = nn.Sequential(nn.Linear(4, 3), nn.LogSoftMax())
    x = np.random.default_rng(2).standard_normal((5, 4)).astype(np.float32)
    expected = model.forward(x).copy()
    assert model.get(1)._plan.rows
    nnlib.save(tmp_path / "m.h5", model)
    loaded = nnlib.load(tmp_path / "m.h5")
    assert vars(loaded.get(1)).get("_plan") is None
    np.testing.assert_array_equal(loaded.forward(x), expected)
    assert "_plan" not in vars(model.clear_state().get(1))


def test_the_sequencer_fused_output_layer_uses_the_log_softmax_plan():
    seq = nn.Sequencer(nn.Sequential(nn.Linear(4, 6), nn.LogSoftMax()))
    x = np.random.default_rng(3).standard_normal((3, 2, 4)).astype(np.float32)
    seq.forward(x)
    assert seq._fused and seq.module.get(1)._plan.key == ((6, 6, 1), np.dtype(np.float32), True)
