import numpy as np
import pytest

import nnlib
from nnlib import nn


def test_samples_and_reinforce_gradient():
    nnlib.manual_seed(0)
    m = nn.ReinforceNormal(0.5).astype(np.float64)
    mean = np.random.default_rng(0).standard_normal((4, 3))
    out = m.forward(mean)
    assert out.shape == mean.shape and not np.allclose(out, mean)
    reward = np.array([1.0, -2.0, 0.5, 0.0])
    nn.reinforce(m, reward)
    g = m.backward(mean, np.zeros_like(out))

    def log_p(mu):  # log N(out | mu, 0.5^2), weighted by the reward
        return (reward[:, None] * -((out - mu) ** 2) / (2 * 0.25)).sum()
    num = np.zeros_like(mean)
    for i in np.ndindex(mean.shape):
        d = np.zeros_like(mean)
        d[i] = 1e-6
        num[i] = (log_p(mean + d) - log_p(mean - d)) / 2e-6
    np.testing.assert_allclose(g, -num, rtol=1e-6, atol=1e-9)
    m.evaluate()
    np.testing.assert_array_equal(m.forward(mean), mean)


def test_sample_statistics_and_missing_reward():
    nnlib.manual_seed(1)
    out = nn.ReinforceNormal(2.0).astype(np.float64).forward(np.full((20000, 1), 3.0))
    assert abs(out.mean() - 3) < 0.05 and abs(out.std() - 2) < 0.05
    m = nn.ReinforceNormal(1.0)
    x = np.zeros((2, 2), dtype=np.float32)
    m.forward(x)
    with pytest.raises(ValueError, match="reinforce"):
        m.backward(x, x)
