import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_torch7_positions():
    x = np.arange(1, 5, dtype=np.float32)
    np.testing.assert_array_equal(nn.Padding(0, 2).forward(x), [1, 2, 3, 4, 0, 0])  # after the end
    np.testing.assert_array_equal(nn.Padding(0, -2).forward(x), [0, 0, 1, 2, 3, 4])  # before the start
    np.testing.assert_array_equal(nn.Padding(0, -1, None, 9, 1).forward(x), [1, 9, 2, 3, 4])  # before entry 1
    np.testing.assert_array_equal(nn.Padding(0, 1, None, 9, 1).forward(x), [1, 2, 3, 9, 4])  # 1 from the end
    x2 = np.ones((2, 3), np.float32)
    assert nn.Padding(0, 2, 1).forward(x2).shape == (2, 5)  # batch: dim moves right
    assert nn.Padding(0, 2, 2).forward(x2).shape == (4, 3)


def test_gradients():
    x = np.random.default_rng(0).standard_normal((3, 4))
    for m in [nn.Padding(1, 2), nn.Padding(1, -3), nn.Padding(0, 1, 1, 5, 2), nn.Padding(1, -1, None, 0, 2)]:
        check_module_gradients(m.astype(np.float64), x)


def test_bad_index():
    with pytest.raises(ValueError, match=r"index 5 is out of range for axis 0 \(size 4\)"):
        nn.Padding(0, 1, None, 0, 5).forward(np.zeros(4, np.float32))
