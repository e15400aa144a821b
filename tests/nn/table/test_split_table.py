import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_gradients(dim):
    x = np.random.default_rng(0).standard_normal((3, 1, 5))
    check_module_gradients(nn.SplitTable(dim).astype(np.float64), x)


def test_slices_and_stacking_back():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    m = nn.SplitTable(1)
    y = m.forward(x)
    assert len(y) == 3
    for i, s in enumerate(y):
        np.testing.assert_array_equal(s, x[:, i])
        assert s.flags.c_contiguous
    gx = m.backward(x, [s * 2 for s in y])
    np.testing.assert_array_equal(gx, 2 * x)


def test_split_then_join_is_identity():
    x = np.random.default_rng(1).standard_normal((4, 3)).astype(np.float32)
    m = nn.Sequential(nn.SplitTable(0), nn.JoinTable(0))
    np.testing.assert_array_equal(m.forward(x), x.reshape(-1))


def test_bad_grad_output():
    x = np.ones((2, 3), dtype=np.float32)
    m = nn.SplitTable(0)
    m.forward(x)
    with pytest.raises(ValueError, match=r"grad_output entries \[\(3,\), \(2,\)\] must each have shape \(3,\)"):
        m.backward(x, [np.ones(3), np.ones(2)])


def test_one_dimensional_input_gives_zero_d_arrays():
    x = np.arange(3.0)
    m = nn.SplitTable(0).astype(np.float64)
    y = m.forward(x)
    assert all(isinstance(s, np.ndarray) and s.shape == () for s in y)
    np.testing.assert_array_equal(m.backward(x, [np.array(s * 3) for s in y]), 3 * x)


def test_slices_of_a_contiguous_input_along_dim_0_are_views():
    x = np.zeros((3, 2), np.float32)
    assert all(np.shares_memory(s, x) for s in nn.SplitTable(0).forward(x))


def test_n_input_dims_shifts_the_dimension_for_a_batch():
    # Torch7's SplitTable(1, 1): a sample (T,) splits into T scalars, a batch (N, T) into T columns
    m = nn.SplitTable(0, 1)
    assert [y.shape for y in m.forward(np.zeros(3, np.float32))] == [()] * 3
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    y = m.forward(x)
    assert len(y) == 3 and all(np.array_equal(a, x[:, i]) for i, a in enumerate(y))
    np.testing.assert_array_equal(m.backward(x, y), x)
    assert repr(m) == "nn.SplitTable(0, 1)"


def test_n_input_dims_gradients():
    check_module_gradients(nn.SplitTable(1, 2).astype(np.float64), np.random.default_rng(3).standard_normal((2, 3, 2)))
