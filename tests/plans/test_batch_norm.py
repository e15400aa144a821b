"""BatchNormPlan: serial or threaded channel blocks per geometry, chosen once from the threshold."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.kernels import batch_norm as K
from nnlib.plans import BatchNormPlan


@pytest.mark.parametrize("shape, parallel", [
    ((10, 32, 1), False),                        # a small (N, C) batch
    ((32, 64, 32 * 32), True),                   # enough values, many blocks
    ((64, 1, 32 * 32), False),                   # enough values, but one block: one channel
    ((K.PARALLEL_MIN_VALUES // 512, 512, 1), True),  # just at the threshold
    ((K.PARALLEL_MIN_VALUES // 512 - 1, 512, 1), False),
])
def test_the_choice_follows_the_table(shape, parallel):
    plan = BatchNormPlan(shape, np.float32)
    assert plan.parallel is parallel
    assert plan.scratch.shape == (K.SCRATCH_ROWS, shape[1]) and plan.scratch.dtype == np.float64


def test_the_choice_follows_a_patched_threshold(monkeypatch):
    assert not BatchNormPlan((4, 300, 2), np.float64).parallel
    monkeypatch.setattr(K, "PARALLEL_MIN_VALUES", 0)
    assert BatchNormPlan((4, 300, 2), np.float64).parallel


def test_either_choice_gives_the_same_bits(monkeypatch):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 300, 3))
    gy = rng.standard_normal(x.shape)
    weight = rng.uniform(0.5, 2, 300)

    def run():
        bn = nn.SpatialBatchNormalization(300).double()
        bn.weight[:] = weight
        y = bn.forward(x.reshape(4, 300, 3, 1)).copy()
        gx = bn.backward(x.reshape(4, 300, 3, 1), gy.reshape(4, 300, 3, 1)).copy()
        return bn._plan.parallel, y, gx, bn.grad_weight.copy(), bn.running_var.copy()

    serial = run()
    monkeypatch.setattr(K, "PARALLEL_MIN_VALUES", 0)
    parallel = run()
    assert (serial[0], parallel[0]) == (False, True)
    for a, b in zip(serial[1:], parallel[1:]):
        np.testing.assert_array_equal(a, b)


def test_a_module_builds_one_plan_per_geometry():
    bn = nn.BatchNormalization(5)
    x = np.random.default_rng(1).standard_normal((4, 5)).astype(np.float32)
    bn.forward(x)
    plan = bn._plan
    bn.backward(x, np.ones_like(x))
    bn.evaluate()
    bn.forward(x)
    assert bn._plan is plan                      # the same geometry (training or not): the same plan
    bn.forward(x[:3])
    assert bn._plan is not plan and bn._plan.key == ((3, 5, 1), np.dtype(np.float32))
    bn.double()
    bn.forward(x.astype(np.float64))
    assert bn._plan.key[1] == np.float64         # dtype is part of the geometry


def test_plans_are_work_state(tmp_path):
    """Not saved, not shared by a clone, dropped by clear_state."""
    import nnlib
    bn = nn.SpatialBatchNormalization(3)
    x = np.random.default_rng(2).standard_normal((2, 3, 4, 4)).astype(np.float32)
    bn.forward(x)
    assert bn.clone()._plan.scratch is not bn._plan.scratch
    nnlib.save(tmp_path / "bn.h5", bn)
    loaded = nnlib.load(tmp_path / "bn.h5")
    assert vars(loaded).get("_plan") is None
    loaded.evaluate(), bn.evaluate()
    np.testing.assert_array_equal(loaded.forward(x), bn.forward(x))
    assert "_plan" not in vars(bn.clear_state())
