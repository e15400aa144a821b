import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_copies_only_when_needed():
    x = np.random.default_rng(0).standard_normal((4, 6)).astype(np.float32)
    m = nn.Contiguous()
    assert m.forward(x) is x
    y = m.forward(x[:, ::2])
    assert y.flags.c_contiguous and np.array_equal(y, x[:, ::2])
    g = m.backward(x[:, ::2], x[:, 1::2])  # a non-contiguous gradient of the output's shape (4, 3)
    assert g.flags.c_contiguous and np.array_equal(g, x[:, 1::2])
    check_module_gradients(nn.Contiguous().astype(np.float64), np.random.default_rng(1).standard_normal((3, 2)))
