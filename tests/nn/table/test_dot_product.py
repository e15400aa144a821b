import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shape", [(5,), (1, 3), (4, 3)])
def test_gradients(shape):
    rng = np.random.default_rng(0)
    check_module_gradients(nn.DotProduct().astype(np.float64), [rng.standard_normal(shape), rng.standard_normal(shape)])


def test_row_dot_products():
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal((3, 4)).astype(np.float32)
    m = nn.DotProduct()
    np.testing.assert_allclose(m.forward([a, b]), (a * b).sum(1), rtol=1e-6)
    g = np.array([1.0, 2.0, -1.0], np.float32)
    ga, gb = m.backward([a, b], g)
    np.testing.assert_allclose(ga, b * g[:, None])
    np.testing.assert_allclose(gb, a * g[:, None])


def test_vectors_give_one_element_as_torch7():
    y = nn.DotProduct().forward([np.array([1.0, 2.0], np.float32), np.array([3.0, 4.0], np.float32)])
    assert y.shape == (1,) and y[0] == 11


def test_errors():
    with pytest.raises(ValueError, match=r"nn.DotProduct: the two inputs must have the same shape, got \(2, 3\) and \(2, 4\)"):
        nn.DotProduct().forward([np.ones((2, 3), np.float32), np.ones((2, 4), np.float32)])
    with pytest.raises(ValueError, match=r"expected two 1-D or 2-D inputs \(\(N, D\) or \(D,\)\), got shape \(1, 2, 3\)"):
        nn.DotProduct().forward([np.ones((1, 2, 3), np.float32)] * 2)
