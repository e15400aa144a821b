import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_loss_and_gradient():
    x = np.random.default_rng(0).standard_normal((3, 5)).astype(np.float32)
    g = np.random.default_rng(1).standard_normal((3, 5)).astype(np.float32)
    m = nn.L1Penalty(0.1)
    assert m.forward(x) is x
    np.testing.assert_allclose(m.loss, 0.1 * np.abs(x).sum(), rtol=1e-6)
    np.testing.assert_allclose(m.backward(x, g), 0.1 * np.sign(x) + g, rtol=1e-6)
    m = nn.L1Penalty(0.1, True, False)
    m.forward(x)
    np.testing.assert_allclose(m.loss, 0.1 * np.abs(x).mean(), rtol=1e-6)
    np.testing.assert_allclose(m.backward(x, g), 0.1 / 15 * np.sign(x), rtol=1e-6)


def test_penalty_gradient_matches_finite_differences():
    x = np.random.default_rng(2).standard_normal((2, 3))
    x += np.sign(x) * 0.05
    m = nn.L1Penalty(0.3, True, False).astype(np.float64)
    m.forward(x)
    analytic = m.backward(x, np.zeros_like(x)).copy()
    numeric = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        for step in (1e-6, -1e-6):
            x[i] += step
            m.forward(x)
            numeric[i] += np.sign(step) * m.loss / 2e-6
            x[i] -= step
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6)
    check_module_gradients(nn.L1Penalty(0).astype(np.float64), x)  # with no weight it is the identity
