import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_clamps_and_passes_the_gradient_through():
    m = nn.Clip(-0.5, 0.5).astype(np.float64)
    x = np.array([[-2.0, -0.1, 0.3], [0.7, 0.0, -0.5]])
    np.testing.assert_array_equal(m.forward(x), np.clip(x, -0.5, 0.5))
    g = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(m.backward(x, g), g)  # dpnn: not zeroed outside the range
    check_module_gradients(m, np.random.default_rng(0).uniform(-0.4, 0.4, (3, 1, 5)))
    assert repr(m) == "nn.Clip(-0.5, 0.5)"
    with pytest.raises(ValueError, match="above"):
        nn.Clip(1, 0)
