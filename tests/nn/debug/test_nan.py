import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_passes_through_and_checks_gradients():
    m = nn.NaN(nn.Linear(3, 2), id=7).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(0).standard_normal((4, 3)))
    assert repr(m).startswith("nn.NaN(7) @ nn.Linear(3 -> 2)")


def test_names_where_the_nan_came_from():
    x = np.ones((2, 3), np.float32)
    with pytest.raises(FloatingPointError, match=r"NaN found in input of module :\nnn.NaN\(1\) @ nn.Tanh"):
        nn.NaN(nn.Tanh(), 1).forward(np.full((2, 3), np.nan, np.float32))
    with pytest.raises(FloatingPointError, match=r"NaN found in output of module :\nnn.NaN\(2\) @ nn.Log"):
        nn.NaN(nn.Log(), 2).forward(-x)
    lin = nn.Linear(3, 2)
    lin.weight[0, 0] = np.nan
    with pytest.raises(FloatingPointError, match="NaN found in parameters of module"):
        nn.NaN(lin).forward(x)
    m = nn.NaN(nn.Sqrt(), "sqrt")
    m.forward(x)
    with pytest.raises(FloatingPointError, match=r"NaN found in gradOutput of module :\nnn.NaN\(sqrt\) @ nn.Sqrt"):
        m.backward(x, np.full((2, 3), np.nan, np.float32))


def test_gradient_parameters():
    m = nn.NaN(nn.Linear(3, 2))
    x = np.ones((2, 3), np.float32)
    m.forward(x)
    m.module.grad_weight[0, 0] = np.nan
    with pytest.raises(FloatingPointError, match="NaN found in gradParameters of module"):
        m.backward(x, np.ones((2, 2), np.float32))


def test_default_ids_count_up():
    a, b = nn.NaN(nn.Tanh()), nn.NaN(nn.Tanh())
    assert b.id == a.id + 1
