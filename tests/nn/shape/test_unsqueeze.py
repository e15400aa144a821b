import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_shapes():
    x = np.zeros((2, 3), np.float32)
    assert nn.Unsqueeze(0).forward(x).shape == (1, 2, 3)
    assert nn.Unsqueeze(2).forward(x).shape == (2, 3, 1)
    assert nn.Unsqueeze(0, 1).forward(x).shape == (2, 1, 3)  # batch of 1-D samples
    assert nn.Unsqueeze(1, 1).forward(x).shape == (2, 3, 1)
    with pytest.raises(ValueError, match=r"nn.Unsqueeze\(dim 3\): invalid position 3"):
        nn.Unsqueeze(3).forward(x)


def test_gradients():
    x = np.random.default_rng(0).standard_normal((3, 2))
    for m in [nn.Unsqueeze(1), nn.Unsqueeze(0, 1)]:
        check_module_gradients(m.astype(np.float64), x)
