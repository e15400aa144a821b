import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_adds_bias_to_every_row():
    add = nn.Add(3)
    x = np.ones((2, 3), dtype=np.float32)
    np.testing.assert_allclose(add.forward(x), x + add.bias)


def test_gradients():
    check_module_gradients(nn.Add(5).astype(np.float64), np.random.default_rng(0).standard_normal((1, 5)))
