import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_output_and_gradients():
    x = np.random.default_rng(0).standard_normal((3, 4))
    idx = np.array([2, 0, 2])
    np.testing.assert_array_equal(nn.Index(1).forward([x, idx]), x[:, idx])
    np.testing.assert_array_equal(nn.Index(0).forward([x, idx]), x[idx])
    for dim in (0, 1, -1):
        check_module_gradients(nn.Index(dim).astype(np.float64), [x, idx])
    m = nn.Index(0)
    m.forward([x, idx])
    gx, gidx = m.backward([x, idx], np.ones((3, 4)))
    np.testing.assert_array_equal(gx[:, 0], [1, 0, 2])  # a repeated index accumulates
    assert gidx.shape == (3,) and not gidx.any()


def test_bad_indices():
    x = np.zeros((3, 4), np.float32)
    with pytest.raises(ValueError, match=r"nn.Index\(0\): an index is out of range \[0, 3\)"):
        nn.Index(0).forward([x, np.array([3])])
    with pytest.raises(ValueError, match="indices must be a 1-D integer array"):
        nn.Index(0).forward([x, np.array([0.0])])
