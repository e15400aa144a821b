import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_gradients_and_parameters_are_the_modules():
    m = nn.Decorator(nn.Linear(3, 2)).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(0).standard_normal((2, 3)))
    assert m.parameters()[0][0] is m.module.weight and m.size() == 1


def test_forwards_to_the_module():
    inner = nn.Linear(3, 2)
    m = nn.Decorator(inner)
    x = np.ones((1, 3), np.float32)
    assert m.forward(x) is inner.output
    assert m.backward(x, np.ones((1, 2), np.float32)) is inner.grad_input
    assert repr(m) == "nn.Decorator @ nn.Linear(3 -> 2)"


def test_one_module_only():
    with pytest.raises(ValueError, match="a decorator wraps exactly one module"):
        nn.Decorator(nn.Tanh()).add(nn.Tanh())
