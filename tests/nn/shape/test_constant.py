import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_output_and_zero_gradient():
    x = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    np.testing.assert_array_equal(nn.Constant(2.5).forward(x), [2.5])
    np.testing.assert_array_equal(nn.Constant([1, 2], 1).forward(x), np.tile([1, 2], (4, 1)))
    np.testing.assert_array_equal(nn.Constant([1, 2], 2).forward(x), [1, 2])
    m = nn.Constant([1, 2], 1)
    m.forward(x)
    assert not m.backward(x, np.ones((4, 2), np.float32)).any()
    check_module_gradients(nn.Constant(np.ones((2, 2)), 1).astype(np.float64), x.astype(np.float64))
