import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_gradients_array_and_table():
    rng = np.random.default_rng(0)
    check_module_gradients(nn.Identity().astype(np.float64), rng.standard_normal((1, 3)))
    check_module_gradients(nn.Identity().astype(np.float64), [rng.standard_normal(5), rng.standard_normal((3, 1))])


def test_passes_objects_through():
    x = [np.ones(2), np.zeros(3)]
    m = nn.Identity()
    assert m.forward(x) is x
    assert m.backward(x, x) is x
