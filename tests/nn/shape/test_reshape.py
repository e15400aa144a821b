import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_gradients():
    x = np.random.default_rng(0).standard_normal((3, 2, 3))
    check_module_gradients(nn.Reshape(3, 2).astype(np.float64), x)
    check_module_gradients(nn.Reshape(6).astype(np.float64), x[:1])


def test_torch_batch_rule():
    m = nn.Reshape(2, 3)
    assert m.forward(np.zeros((6,), np.float32)).shape == (2, 3)  # exactly one sample
    assert m.forward(np.zeros((3, 2), np.float32)).shape == (2, 3)  # same element count, first axis > 1
    assert m.forward(np.zeros((4, 6), np.float32)).shape == (4, 2, 3)  # more elements: batch kept
    assert m.forward(np.zeros((1, 6), np.float32)).shape == (1, 2, 3)  # first axis 1: batch of one


def test_batch_mode_flags():
    assert nn.Reshape(6, batch_mode=True).forward(np.zeros((6, 6), np.float32)).shape == (6, 6)
    assert nn.Reshape(3, batch_mode=True).forward(np.zeros((2, 3), np.float32)).shape == (2, 3)
    assert nn.Reshape(6, batch_mode=False).forward(np.zeros((1, 6), np.float32)).shape == (6,)


def test_gradient_is_reshaped_back_and_output_is_a_view():
    x = np.arange(12, dtype=np.float32).reshape(2, 6)
    m = nn.Reshape(2, 3)
    y = m.forward(x)
    assert y.shape == (2, 2, 3) and np.shares_memory(y, x)
    assert m.backward(x, y).shape == (2, 6)


def test_bad_size():
    with pytest.raises(ValueError, match=r"nn.Reshape\(2x3\): cannot reshape input of shape \(2, 5\)"):
        nn.Reshape(2, 3).forward(np.zeros((2, 5), np.float32))
    with pytest.raises(ValueError, match="positive integers"):
        nn.Reshape(0, 3)


def test_non_array_input():
    with pytest.raises(ValueError, match=r"nn.Reshape\(2\): expected a numpy array with at least one axis, got tuple"):
        nn.Reshape(2).forward((1.0, 2.0))
