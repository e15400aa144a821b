import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def _away_from_kink(shape, seed=0):
    x = np.random.default_rng(seed).standard_normal(shape)
    return x + np.sign(x) * 0.01


def test_gradients():
    for shape in [(1,), (1, 3), (3, 2, 5)]:
        check_module_gradients(nn.ReLU().astype(np.float64), _away_from_kink(shape))


def test_output():
    x = np.array([-2.0, -0.0, 0.5, 3.0], np.float32)
    np.testing.assert_array_equal(nn.ReLU().forward(x), [0, 0, 0.5, 3])
