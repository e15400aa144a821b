import numpy as np

import nnlib
from nnlib import nn


def test_samples_and_reinforce_gradient():
    nnlib.manual_seed(0)
    m = nn.ReinforceBernoulli().astype(np.float64)
    p = np.random.default_rng(0).uniform(0.1, 0.9, (5, 3))
    out = m.forward(p)
    assert set(np.unique(out)) <= {0.0, 1.0}
    reward = np.arange(5.0)
    nn.reinforce(nn.Sequential(m), reward)
    g = m.backward(p, np.zeros_like(p))
    # d/dp of reward * log(p^y (1 - p)^(1 - y)), negated
    np.testing.assert_allclose(g, -reward[:, None] * (out / p - (1 - out) / (1 - p)), rtol=1e-12)
    big = nn.ReinforceBernoulli().astype(np.float64).forward(np.full((40000, 1), 0.3))
    assert abs(big.mean() - 0.3) < 0.01
    m.evaluate()
    np.testing.assert_array_equal(m.forward(p), p)
