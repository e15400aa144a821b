import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_output_and_gradients():
    x = np.random.default_rng(0).standard_normal((2, 3))
    y = nn.Replicate(4).forward(x)
    assert y.shape == (4, 2, 3) and np.shares_memory(y, x)
    np.testing.assert_array_equal(y, np.broadcast_to(x, (4, 2, 3)))
    assert nn.Replicate(4, 2).forward(x).shape == (2, 3, 4)
    assert nn.Replicate(4, 0, 1).forward(x).shape == (2, 4, 3)  # batch of 1-D samples
    assert nn.Replicate(4, 0, 1).forward(x[0]).shape == (4, 3)
    for m in [nn.Replicate(3), nn.Replicate(2, 1), nn.Replicate(3, 0, 1), nn.Replicate(1, 2)]:
        check_module_gradients(m.astype(np.float64), x)
