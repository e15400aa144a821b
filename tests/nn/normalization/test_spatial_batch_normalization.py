"""SpatialBatchNormalization: per-channel statistics over batch and pixels, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _sbn(c):
    m = nn.SpatialBatchNormalization(c).astype(np.float64)
    rng = np.random.default_rng(5)
    m.weight[...] = rng.uniform(0.5, 1.5, c)
    m.bias[...] = rng.standard_normal(c)
    return m


def test_normalises_each_channel_over_batch_and_pixels():
    x = np.random.default_rng(0).standard_normal((4, 3, 5, 2)) * [[[[2.0]], [[0.5]], [[3.0]]]] + 1
    y = nn.SpatialBatchNormalization(3).astype(np.float64).forward(x)
    np.testing.assert_allclose(y.mean(axis=(0, 2, 3)), 0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=(0, 2, 3)), 1, rtol=1e-4)


def test_gradients_training_batch_of_one():
    check_module_gradients(_sbn(3), np.random.default_rng(0).standard_normal((1, 3, 3, 2)) * 2 + 1)


def test_gradients_evaluate():
    m = _sbn(2)
    m.running_mean[...] = [0.5, -1]
    m.running_var[...] = [2, 0.5]
    m.evaluate()
    check_module_gradients(m, np.random.default_rng(1).standard_normal((2, 2, 3, 5)))


def test_running_statistics_use_all_pixels():
    m = nn.SpatialBatchNormalization(2, momentum=1.0).astype(np.float64)
    x = np.random.default_rng(2).standard_normal((3, 2, 4, 4))
    m.forward(x)
    np.testing.assert_allclose(m.running_mean, x.mean(axis=(0, 2, 3)))
    np.testing.assert_allclose(m.running_var, x.var(axis=(0, 2, 3), ddof=1))


def test_rejects_non_image_input():
    with pytest.raises(ValueError, match=r"SpatialBatchNormalization.*4-D.*\(2, 3\)"):
        nn.SpatialBatchNormalization(3).forward(np.zeros((2, 3), np.float32))
