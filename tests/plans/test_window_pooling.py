"""WindowPoolingPlan: serial or threaded per geometry, from the elementwise threshold; the same bits either way."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.kernels import _config
from nnlib.plans import WindowPoolingPlan

from ._choices import assert_serial_and_threaded_agree

LIMIT = _config.PARALLEL_MIN_SIZE


@pytest.mark.parametrize("planes, in_size, out_size, parallel", [
    (6, 8 * 8, 4 * 4, False),
    (64, LIMIT // 64, 10, True),          # the input reaches the threshold
    (64, LIMIT // 64 - 1, 10, False),
    (64, 10, LIMIT // 64, True),          # the output alone can (adaptive upsampling, max unpooling)
])
def test_the_choice_follows_the_table(planes, in_size, out_size, parallel):
    assert WindowPoolingPlan(planes, in_size, out_size, np.float32).parallel is parallel


def test_the_choice_follows_a_patched_threshold(monkeypatch):
    assert not WindowPoolingPlan(6, 64, 16, np.float64).parallel
    monkeypatch.setattr(_config, "PARALLEL_MIN_SIZE", 0)
    assert WindowPoolingPlan(6, 64, 16, np.float64).parallel


@pytest.mark.parametrize("make, shape", [
    (lambda: nn.VolumetricMaxPooling(2, 2, 2), (2, 3, 4, 6, 6)),
    (lambda: nn.VolumetricAveragePooling(2, 2, 2, 1, 1, 1), (2, 3, 4, 5, 6)),
    (lambda: nn.SpatialAdaptiveMaxPooling(3, 4), (2, 3, 9, 11)),
    (lambda: nn.SpatialLPPooling(3, 2, 2, 2), (2, 3, 6, 6)),
])
def test_either_choice_gives_the_same_bits(make, shape, monkeypatch):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape)

    def run():
        m = make().double()
        y = m.forward(x).copy()
        gx = m.backward(x, np.linspace(-1, 1, y.size).reshape(y.shape)).copy()
        return y, gx, m._plan.parallel

    assert_serial_and_threaded_agree(run, monkeypatch)


def test_a_module_builds_one_plan_per_geometry():
    pool = nn.VolumetricMaxPooling(2, 2, 2)
    x = np.random.default_rng(1).standard_normal((2, 3, 4, 6, 6)).astype(np.float32)
    y = pool.forward(x)
    plan = pool._plan
    assert plan.key == (6, 4 * 6 * 6, 2 * 3 * 3, np.dtype(np.float32))
    pool.backward(x, np.ones_like(y))
    pool.forward(x)
    assert pool._plan is plan                     # backward and a second forward: the same plan
    pool.forward(x[:1])
    assert pool._plan is not plan and pool._plan.key[0] == 3


def test_max_unpooling_plans_its_geometry():
    pool = nn.SpatialMaxPooling(2, 2)
    unpool = nn.SpatialMaxUnpooling(pool)
    x = np.random.default_rng(2).standard_normal((2, 3, 6, 8)).astype(np.float32)
    unpool.forward(pool.forward(x))
    assert unpool._plan.key == (6, 6 * 8, 3 * 4, np.dtype(np.float32))


def test_plans_are_work_state(tmp_path):
    import nnlib
    pool = nn.VolumetricAveragePooling(2, 2, 2)
    x = np.random.default_rng(3).standard_normal((2, 3, 4, 6, 6)).astype(np.float32)
    expected = pool.forward(x).copy()
    nnlib.save(tmp_path / "p.h5", pool)
    loaded = nnlib.load(tmp_path / "p.h5")
    assert vars(loaded).get("_plan") is None
    np.testing.assert_array_equal(loaded.forward(x), expected)
    assert "_plan" not in vars(pool.clear_state())
