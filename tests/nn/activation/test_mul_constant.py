import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_output_and_gradients():
    x = np.random.default_rng(0).standard_normal((3, 5))
    np.testing.assert_allclose(nn.MulConstant(-2).forward(x.astype(np.float32)), -2 * x, rtol=1e-6)
    check_module_gradients(nn.MulConstant(0.3).astype(np.float64), x)
    check_module_gradients(nn.MulConstant(-4).astype(np.float64), x[:1])


def test_inplace_scales_then_restores_the_input():
    x = np.random.default_rng(2).standard_normal((2, 3)).astype(np.float32)
    original = x.copy()
    m = nn.MulConstant(4.0, True)
    assert m.forward(x) is x
    np.testing.assert_allclose(x, 4 * original)
    g = np.ones_like(x)
    assert m.backward(x, g) is g
    np.testing.assert_array_equal(g, np.full_like(g, 4))
    np.testing.assert_allclose(x, original, rtol=1e-6)
