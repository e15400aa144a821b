import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shape,n", [((3,), 2), ((1, 5), 3), ((2, 3, 1), 1)])
def test_gradients(shape, n):
    rng = np.random.default_rng(0)
    check_module_gradients(nn.CMulTable().astype(np.float64), [rng.standard_normal(shape) for _ in range(n)])


def test_product_and_gradient_with_zeros():
    x = [np.array([[1.0, 0.0, 2.0]], np.float32), np.array([[3.0, 4.0, 0.0]], np.float32), np.full((1, 3), 2, np.float32)]
    m = nn.CMulTable()
    np.testing.assert_array_equal(m.forward(x), x[0] * x[1] * x[2])
    g = np.array([[1.0, 2.0, 3.0]], np.float32)
    gx = m.backward(x, g)
    np.testing.assert_array_equal(gx[0], g * x[1] * x[2])
    np.testing.assert_array_equal(gx[1], g * x[0] * x[2])
    np.testing.assert_array_equal(gx[2], g * x[0] * x[1])  # [2, 0, 0]: no 0/0 from dividing the output


def test_shape_mismatch():
    with pytest.raises(ValueError, match=r"nn.CMulTable: table entries must have the same shape, got \[\(2,\), \(3,\)\]"):
        nn.CMulTable().forward([np.ones(2, np.float32), np.ones(3, np.float32)])
