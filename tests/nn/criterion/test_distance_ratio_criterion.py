import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("shape", [(1,), (7,), (3, 2)])
def test_gradients(shape, size_average):
    rng = np.random.default_rng(0)
    c = nn.DistanceRatioCriterion(size_average).astype(np.float64)
    check_criterion_gradients(c, [rng.uniform(0, 3, shape), rng.uniform(0, 3, shape)], None)


@pytest.mark.parametrize("size_average", [True, False])
def test_against_numpy(size_average):
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 3, 6).astype(np.float32), rng.uniform(0, 3, 6).astype(np.float32)
    xd, yd = x.astype(np.float64), y.astype(np.float64)
    norm = 6 if size_average else 1
    c = nn.DistanceRatioCriterion(size_average)
    assert c.forward([x, y]) == pytest.approx((xd + np.log(np.exp(-xd) + np.exp(-yd))).sum() / norm, rel=1e-6)
    gx, gy = c.backward([x, y])
    np.testing.assert_allclose(gx, (1 - np.exp(-xd) / (np.exp(-xd) + np.exp(-yd))) / norm, rtol=1e-6)
    np.testing.assert_allclose(gy, -np.exp(-yd) / (np.exp(-xd) + np.exp(-yd)) / norm, rtol=1e-6)
    assert c([x, y], None) == c.forward([x, y])


def test_large_distances_stay_finite():
    c = nn.DistanceRatioCriterion()
    x, y = np.array([200.0], np.float32), np.array([190.0], np.float32)
    assert c.forward([x, y]) == pytest.approx(10.0, rel=1e-5)  # Torch7: log(0) = -inf


def test_bad_input():
    with pytest.raises(ValueError, match=r"nn.DistanceRatioCriterion: the two inputs differ in shape, \(3,\) and \(2,\)"):
        nn.DistanceRatioCriterion().forward([np.zeros(3, np.float32), np.zeros(2, np.float32)])
