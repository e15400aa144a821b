import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _x(shape=(4, 5)):
    return np.random.default_rng(0).standard_normal(shape)


def test_torch7_doc_examples_in_0_based_form():
    x = _x().astype(np.float32)
    np.testing.assert_array_equal(nn.Narrow(0, 1, 3).forward(x), x[1:4])
    np.testing.assert_array_equal(nn.Narrow(0, 1, -1).forward(x), x[1:])
    np.testing.assert_array_equal(nn.Narrow(0, 1, 2).forward(x), x[1:3])
    np.testing.assert_array_equal(nn.Narrow(0, 1, -2).forward(x), x[1:3])
    np.testing.assert_array_equal(nn.Narrow(1, 1, 3).forward(x), x[:, 1:4])
    np.testing.assert_array_equal(nn.Narrow(1, 1, -2).forward(x), x[:, 1:4])
    np.testing.assert_array_equal(nn.Narrow(-1, -2, 2).forward(x), x[:, 3:5])
    np.testing.assert_array_equal(nn.Narrow(1, 2).forward(x), x[:, 2:3])


def test_gradients():
    x = _x((3, 5, 2))
    for m in [nn.Narrow(1, 1, 3), nn.Narrow(-1, 1), nn.Narrow(0, 0, -2), nn.Narrow(1, -3, 2)]:
        check_module_gradients(m.astype(np.float64), x)


def test_against_torch_narrow():
    torch = pytest.importorskip("torch")
    x = _x((3, 6, 2)).astype(np.float32)
    m = nn.Narrow(1, 2, 3)
    y = m.forward(x)
    np.testing.assert_array_equal(y, torch.tensor(x).narrow(1, 2, 3).numpy())
    gx = m.backward(x, np.ones_like(y))
    assert gx.sum() == y.size and np.all(gx[:, 2:5] == 1)


def test_out_of_range():
    with pytest.raises(ValueError, match=r"nn.Narrow\(0, 3, 3\): cannot take 3 entries from offset 3 of axis 0 \(size 4\)"):
        nn.Narrow(0, 3, 3).forward(np.zeros((4, 2), np.float32))
