import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_cast_and_pass_through():
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    assert nn.Copy().forward(x) is x
    y = nn.Copy(None, None, True).forward(x)
    assert y is not x and np.array_equal(y, x)
    m = nn.Copy(np.float32, np.float64)
    y = m.forward(x)
    assert y.dtype == np.float64 and np.array_equal(y, x)
    g = m.backward(x, np.ones((2, 3)))
    assert g.dtype == np.float32
    assert nn.Copy().astype(np.float64).forward(x.astype(np.float64)).dtype == np.float64


def test_gradients():
    check_module_gradients(nn.Copy(None, None, True).astype(np.float64), np.random.default_rng(0).standard_normal((3, 2)))
