"""SpatialDropout: whole maps dropped, Torch7's evaluation scaling, gradients with a fixed mask."""
import numpy as np
import pytest

import nnlib
from nnlib import nn
from nnlib.testing import check_module_gradients


def test_drops_whole_feature_maps():
    drop = nn.SpatialDropout(0.5)
    y = drop.forward(np.ones((8, 6, 3, 4), np.float32))
    per_map = y.reshape(8, 6, -1)
    assert np.all(per_map.min(axis=2) == per_map.max(axis=2))
    assert set(np.unique(per_map)) == {0.0, 1.0}


def test_evaluation_scales_by_keep_probability():
    drop = nn.SpatialDropout(0.25).evaluate()
    x = np.ones((2, 3, 2, 2), np.float32)
    np.testing.assert_allclose(drop.forward(x), 0.75 * x)
    np.testing.assert_allclose(drop.backward(x, x), 0.75 * x)


def test_same_seed_same_mask():
    x = np.ones((4, 5, 2, 2), np.float32)
    nnlib.manual_seed(7)
    a = nn.SpatialDropout(0.5).forward(x).copy()
    nnlib.manual_seed(7)
    np.testing.assert_array_equal(nn.SpatialDropout(0.5).forward(x), a)


def test_gradients():
    drop = nn.SpatialDropout(0.4).astype(np.float64)
    check_module_gradients(drop, np.random.default_rng(0).standard_normal((3, 4, 2, 3)),
                           before_forward=lambda: nnlib.manual_seed(3))


def test_bad_probability():
    with pytest.raises(ValueError, match=r"SpatialDropout: p must be in \[0, 1\)"):
        nn.SpatialDropout(1.0)
