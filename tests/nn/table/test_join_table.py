import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_gradients(dim):
    rng = np.random.default_rng(0)
    x = [rng.standard_normal((3, 2)), rng.standard_normal((1, 2) if dim == 0 else (3, 1))]
    check_module_gradients(nn.JoinTable(dim).astype(np.float64), x)


def test_join_matches_concatenate_and_splits_back():
    m = nn.JoinTable(1)
    x = [np.ones((2, 3), dtype=np.float32), np.zeros((2, 1), dtype=np.float32)]
    y = m.forward(x)
    np.testing.assert_array_equal(y, np.concatenate(x, axis=1))
    g = np.arange(8, dtype=np.float32).reshape(2, 4)
    gx = m.backward(x, g)
    np.testing.assert_array_equal(gx[0], g[:, :3])
    np.testing.assert_array_equal(gx[1], g[:, 3:])
    assert gx[1].flags.c_contiguous


def test_mismatch_error():
    with pytest.raises(ValueError, match=r"nn.JoinTable\(1\): table entries \[\(2, 3\), \(3, 1\)\] differ outside dim 1"):
        nn.JoinTable(1).forward([np.ones((2, 3)), np.ones((3, 1))])
    with pytest.raises(ValueError, match="dim 2 is out of range for a 2-D input"):
        nn.JoinTable(2).forward([np.ones((2, 3))])


def test_n_input_dims_shifts_the_dimension_for_a_batch():
    # Torch7's JoinTable(1, 1): samples (D,) join along 0, batches (N, D) along 1
    m = nn.JoinTable(0, 1)
    np.testing.assert_array_equal(m.forward([np.ones(2, np.float32), np.zeros(3, np.float32)]), [1, 1, 0, 0, 0])
    y = m.forward([np.ones((4, 2), np.float32), np.zeros((4, 3), np.float32)])
    assert y.shape == (4, 5)
    gx = m.backward([np.ones((4, 2), np.float32), np.zeros((4, 3), np.float32)], np.arange(20, dtype=np.float32).reshape(4, 5))
    np.testing.assert_array_equal(gx[1], np.arange(20).reshape(4, 5)[:, 2:])
    assert repr(m) == "nn.JoinTable(0, 1)"


def test_n_input_dims_gradients():
    rng = np.random.default_rng(2)
    check_module_gradients(nn.JoinTable(0, 2).astype(np.float64), [rng.standard_normal((2, 1, 3)), rng.standard_normal((2, 2, 3))])
