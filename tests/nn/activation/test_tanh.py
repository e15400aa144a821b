import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_gradients():
    rng = np.random.default_rng(0)
    for shape in [(1,), (1, 3), (3, 2, 5)]:
        check_module_gradients(nn.Tanh().astype(np.float64), rng.standard_normal(shape))


def test_output():
    x = np.linspace(-3, 3, 7, dtype=np.float32)
    np.testing.assert_allclose(nn.Tanh().forward(x), np.tanh(x), rtol=1e-6)
