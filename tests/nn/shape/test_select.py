import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_output_and_gradients():
    x = np.random.default_rng(0).standard_normal((3, 4, 2))
    for dim, index in [(0, 0), (1, 3), (-1, -1), (1, -2)]:
        m = nn.Select(dim, index)
        np.testing.assert_array_equal(m.forward(x.astype(np.float32)), np.take(x.astype(np.float32), index, axis=dim))
        check_module_gradients(nn.Select(dim, index).astype(np.float64), x)
    check_module_gradients(nn.Select(0, 2).astype(np.float64), x[0, :, 0])


def test_out_of_range():
    with pytest.raises(ValueError, match=r"nn.Select\(1, 4\): index 4 is out of range for axis 1 \(size 4\)"):
        nn.Select(1, 4).forward(np.zeros((2, 4), np.float32))
    with pytest.raises(ValueError, match=r"dimension 2 is out of range for a 2-D input"):
        nn.Select(2, 0).forward(np.zeros((2, 4), np.float32))
