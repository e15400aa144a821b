import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("shape", [(1,), (3, 5), (2, 1, 3)])
def test_gradients(shape):
    c = nn.L1Cost().astype(np.float64)
    check_criterion_gradients(c, np.random.default_rng(0).standard_normal(shape), None)


def test_value_without_target():
    x = np.array([[1.5, -2.0], [0.0, 0.25]], np.float32)
    c = nn.L1Cost()
    assert c.forward(x) == pytest.approx(3.75)
    assert c(x) == pytest.approx(3.75)
    np.testing.assert_array_equal(c.backward(x), [[1, -1], [0, 1]])
    assert c.forward(x, np.zeros(3)) == pytest.approx(3.75)  # a target is ignored, as Torch7


def test_bad_input():
    with pytest.raises(ValueError, match=r"nn.L1Cost: expected a float array, got dtype int64"):
        nn.L1Cost().forward(np.ones(3, np.int64))
