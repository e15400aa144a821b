import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.0, 3.0]])
@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("n", [1, 5])
def test_gradients(n, weights, size_average):
    rng = np.random.default_rng(0)
    c = nn.ClassNLLCriterion(weights, size_average).astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal((n, 4)), rng.integers(0, 4, n))


def test_value_with_weights():
    x = np.log(np.array([[0.5, 0.25, 0.25], [0.1, 0.1, 0.8]], np.float32))
    t = np.array([0, 2])
    w = np.array([2.0, 1.0, 1.0])
    expected = -(2 * np.log(0.5) + np.log(0.8)) / 3
    assert nn.ClassNLLCriterion(w).forward(x, t) == pytest.approx(expected, rel=1e-6)
    assert nn.ClassNLLCriterion(size_average=False).forward(x, t) == pytest.approx(-(np.log(0.5) + np.log(0.8)), rel=1e-6)


def test_single_sample():
    x = np.log(np.array([0.2, 0.8], np.float32))
    assert nn.ClassNLLCriterion().forward(x, 1) == pytest.approx(-np.log(0.8), rel=1e-6)
    assert nn.ClassNLLCriterion().backward(x, 1).shape == (2,)
