import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_gradients():
    for shape in [(1,), (3, 5), (2, 1, 3)]:
        check_module_gradients(nn.Mul().astype(np.float64), np.random.default_rng(0).standard_normal(shape))


def test_forward_and_accumulated_scaled_gradient():
    m = nn.Mul().astype(np.float64)
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(m.forward(x), m.weight[0] * x)
    m.backward(x, np.ones((2, 3)), 0.5)
    m.backward(x, np.ones((2, 3)), 0.5)
    np.testing.assert_allclose(m.grad_weight, [15.0])
    assert m.weight.shape == (1,)


def test_reset_range():
    m = nn.Mul()
    draws = []
    for _ in range(200):
        draws.append(m.reset().weight[0])
    assert max(draws) <= 1 and max(draws) > 0.9 and min(draws) < -0.9
