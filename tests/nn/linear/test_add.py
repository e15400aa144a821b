import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_adds_bias_to_every_row():
    add = nn.Add(3)
    x = np.ones((2, 3), dtype=np.float32)
    np.testing.assert_allclose(add.forward(x), x + add.bias)


def test_gradients():
    check_module_gradients(nn.Add(5).astype(np.float64), np.random.default_rng(0).standard_normal((1, 5)))


def test_scalar_adds_one_learned_value_to_every_element():
    m = nn.Add(1, scalar=True).astype(np.float64)
    assert m.bias.shape == (1,)
    x = np.random.default_rng(5).standard_normal((2, 3, 4))
    np.testing.assert_array_equal(m.forward(x), x + m.bias[0])
    check_module_gradients(m, x)
