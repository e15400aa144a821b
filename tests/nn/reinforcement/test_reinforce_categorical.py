import numpy as np

import nnlib
from nnlib import nn


def test_one_hot_samples_and_reinforce_gradient():
    nnlib.manual_seed(0)
    m = nn.ReinforceCategorical().astype(np.float64)
    p = np.random.default_rng(0).dirichlet(np.ones(4), 6)
    out = m.forward(p)
    np.testing.assert_array_equal(out.sum(1), 1)
    reward = np.linspace(-1, 1, 6)
    nn.reinforce(m, reward)
    g = m.backward(p, np.zeros_like(p))
    np.testing.assert_allclose(g, -reward[:, None] * out / (p + 1e-8), rtol=1e-12)
    counts = nn.ReinforceCategorical().astype(np.float64).forward(np.tile([[0.2, 0.5, 0.3]], (30000, 1))).mean(0)
    np.testing.assert_allclose(counts, [0.2, 0.5, 0.3], atol=0.01)
