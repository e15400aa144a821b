import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_shapes():
    x = np.zeros((1, 3, 1, 4), np.float32)
    assert nn.Squeeze().forward(x).shape == (3, 4)
    assert nn.Squeeze(2).forward(x).shape == (1, 3, 4)
    assert nn.Squeeze(1).forward(x).shape == (1, 3, 1, 4)  # not a unit axis: unchanged
    assert nn.Squeeze(None, 3).forward(x).shape == (1, 3, 4)  # batch of one keeps its axis
    assert nn.Squeeze(1, 3).forward(x).shape == (1, 3, 4)  # dim counts from the sample
    assert nn.Squeeze(-2).forward(x).shape == (1, 3, 4)


def test_gradients():
    x = np.random.default_rng(0).standard_normal((1, 3, 1, 2))
    for m in [nn.Squeeze(), nn.Squeeze(2), nn.Squeeze(None, 3)]:
        check_module_gradients(m.astype(np.float64), x)
