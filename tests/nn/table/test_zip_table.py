import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_gradients():
    rng = np.random.default_rng(0)
    x = [[rng.standard_normal(2), rng.standard_normal((1, 3))] for _ in range(3)]
    check_module_gradients(nn.ZipTable().astype(np.float64), x)


def test_transposes_the_table():
    a0, a1, b0, b1 = (np.full(2, i, np.float32) for i in range(4))
    m = nn.ZipTable()
    y = m.forward([[a0, a1], [b0, b1]])
    assert y[0][0] is a0 and y[0][1] is b0 and y[1][0] is a1 and y[1][1] is b1
    gx = m.backward([[a0, a1], [b0, b1]], y)
    assert gx[0][0] is a0 and gx[0][1] is a1 and gx[1][0] is b0 and gx[1][1] is b1


def test_unequal_lengths():
    with pytest.raises(ValueError, match=r"nn.ZipTable: the tables of input must have one length, got lengths \[2, 1\]"):
        nn.ZipTable().forward([[np.ones(1), np.ones(1)], [np.ones(1)]])
