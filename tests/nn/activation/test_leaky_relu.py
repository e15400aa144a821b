import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_gradients():
    x = np.random.default_rng(0).standard_normal((3, 5))
    x += np.sign(x) * 0.01
    check_module_gradients(nn.LeakyReLU(0.2).astype(np.float64), x)
    check_module_gradients(nn.LeakyReLU().astype(np.float64), x[:1])


def test_output_and_default_slope():
    x = np.array([-2.0, 0.5], np.float32)
    np.testing.assert_allclose(nn.LeakyReLU().forward(x), [-0.02, 0.5])
    np.testing.assert_allclose(nn.LeakyReLU(0.3).forward(x), [-0.6, 0.5])
    assert repr(nn.LeakyReLU(0.3)) == "nn.LeakyReLU(0.3)"
