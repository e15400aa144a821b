import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_gradients():
    x = np.random.default_rng(0).standard_normal((3, 1, 5))
    check_module_gradients(nn.View(-1, 5).astype(np.float64), x)
    check_module_gradients(nn.View(5).set_num_input_dims(2).astype(np.float64), x)


def test_numpy_view_semantics():
    x = np.zeros((4, 1, 28, 28), np.float32)
    y = nn.View(-1, 784).forward(x)
    assert y.shape == (4, 784) and np.shares_memory(x, y)
    assert nn.View(784).forward(x[0]).shape == (784,)
    assert nn.View((2, -1)).forward(x).shape == (2, 1568)


def test_num_input_dims_makes_it_batch_aware():
    m = nn.View(-1).set_num_input_dims(3)
    assert m.forward(np.zeros((5, 2, 3, 4), np.float32)).shape == (5, 24)
    assert m.forward(np.zeros((2, 3, 4), np.float32)).shape == (24,)
    assert nn.View(3, 4).set_num_input_dims(1).forward(np.zeros((2, 5, 12), np.float32)).shape == (10, 3, 4)


def test_backward_reshapes_to_input():
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    m = nn.View(6)
    m.forward(x)
    np.testing.assert_array_equal(m.backward(x, np.arange(6, dtype=np.float32)), x)


def test_errors():
    with pytest.raises(ValueError, match=r"nn.View\(-1, 784\): cannot view input of shape \(2, 783\) \(1566 elements\) as \(-1, 784\)"):
        nn.View(-1, 784).forward(np.zeros((2, 783), np.float32))
    with pytest.raises(ValueError, match="at most one -1"):
        nn.View(-1, -1)


def test_non_array_input():
    with pytest.raises(ValueError, match=r"nn.View\(4\): expected a numpy array with at least one axis, got a 0-D array"):
        nn.View(4).forward(np.array(1.0))


def test_without_num_input_dims_the_extra_elements_are_a_batch_as_torch7s():
    # Torch7's View(6) on a (N, 2, 3) batch gives (N, 6) (its batchsize rule: nElement / prod(sizes))
    x = np.arange(24, dtype=np.float64).reshape(4, 2, 3)
    m = nn.View(2, 3)
    assert m.forward(x).shape == (4, 2, 3) and nn.View(6).forward(x).shape == (4, 6)
    assert nn.View(6).forward(x[0]).shape == (6,)
    check_module_gradients(nn.View(3, 2).astype(np.float64), x)
    with pytest.raises(ValueError, match=r"cannot view input of shape \(4, 2, 3\) \(24 elements\) as \(5,\)"):
        nn.View(5).forward(x)
