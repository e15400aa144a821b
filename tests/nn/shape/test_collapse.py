import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_gradients():
    x = np.random.default_rng(0).standard_normal((1, 3, 1, 2))
    check_module_gradients(nn.Collapse(3).astype(np.float64), x)


def test_batch_and_single_sample():
    m = nn.Collapse(3)
    assert m.forward(np.zeros((5, 3, 4, 2), np.float32)).shape == (5, 24)
    assert m.forward(np.zeros((3, 4, 2), np.float32)).shape == (24,)
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    y = nn.Collapse(2).forward(x)
    np.testing.assert_array_equal(y, x.reshape(2, 12))
    assert repr(nn.Collapse(2)) == "nn.Collapse(2)"


def test_non_array_input():
    with pytest.raises(ValueError, match=r"nn.Collapse\(2\): expected a numpy array with at least one axis, got list"):
        nn.Collapse(2).forward([1.0, 2.0])
