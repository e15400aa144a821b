import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_scalar_and_vector():
    x = np.random.default_rng(0).standard_normal((3, 4)).astype(np.float32)
    np.testing.assert_allclose(nn.AddConstant(2.5).forward(x), x + 2.5)
    c = np.arange(4.0)
    np.testing.assert_allclose(nn.AddConstant(c).forward(x), x + c)
    np.testing.assert_allclose(nn.AddConstant(c).forward(x[0]), x[0] + c)
    with pytest.raises(ValueError, match=r"a constant of 4 values needs a \(4,\) or \(N, 4\) input, got shape \(2, 3, 4\)"):
        nn.AddConstant(c).forward(np.zeros((2, 3, 4), np.float32))


def test_gradients():
    x = np.random.default_rng(1).standard_normal((3, 5))
    check_module_gradients(nn.AddConstant(-1.5).astype(np.float64), x)
    check_module_gradients(nn.AddConstant(np.ones(5)).astype(np.float64), x)


def test_inplace_adds_then_restores_the_input():
    x = np.random.default_rng(2).standard_normal((2, 3)).astype(np.float32)
    original = x.copy()
    m = nn.AddConstant(3.0, True)
    assert m.forward(x) is x
    np.testing.assert_allclose(x, original + 3)
    g = np.ones_like(x)
    assert m.backward(x, g) is g
    np.testing.assert_allclose(x, original, rtol=1e-6)
