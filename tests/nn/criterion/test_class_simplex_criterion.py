import numpy as np
import pytest

from nnlib import nn
from nnlib.nn.criterion.class_simplex_criterion import regular_simplex
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("n", [1, 2, 4, 7])
def test_simplex_is_regular(n):
    a = regular_simplex(n)
    assert a.shape == (n + 1, n)
    np.testing.assert_allclose(a.sum(axis=0), 0, atol=1e-12)  # centred at the origin
    np.testing.assert_allclose(a @ a.T, np.where(np.eye(n + 1) > 0, 1.0, -1.0 / n), atol=1e-12)


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("n", [1, 4])
def test_gradients(n, size_average):
    rng = np.random.default_rng(0)
    c = nn.ClassSimplexCriterion(5, size_average).astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal((n, 5)), rng.integers(0, 5, n))
    check_criterion_gradients(c, rng.standard_normal(5), 2)


def test_against_numpy_and_predictions():
    rng = np.random.default_rng(1)
    c = nn.ClassSimplexCriterion(3)
    assert c.simplex.shape == (3, 3) and np.all(c.simplex[:, 2] == 0)
    x, t = rng.standard_normal((4, 3)).astype(np.float32), np.array([2, 0, 1, 2])
    assert c.forward(x, t) == pytest.approx(((x - c.simplex[t]) ** 2).mean(), rel=1e-6)
    np.testing.assert_array_equal(c.get_top_prediction(c.simplex[t] * 2), t)
    np.testing.assert_allclose(c.get_predictions(x[0]), x[:1] @ c.simplex.T)


def test_errors():
    with pytest.raises(ValueError, match="n_classes must be an integer > 1, got 1"):
        nn.ClassSimplexCriterion(1)
    with pytest.raises(ValueError, match="n_classes must be an integer > 1, got 2.5"):
        nn.ClassSimplexCriterion(2.5)
    c = nn.ClassSimplexCriterion(3)
    with pytest.raises(ValueError, match=r"nn.ClassSimplexCriterion\(n_classes=3\): input shape \(2, 4\) has 4 features, "
                                         "expected 3"):
        c.forward(np.zeros((2, 4), np.float32), np.array([0, 1]))
    with pytest.raises(ValueError, match=r"target label 3 is out of range \[0, 3\)"):
        c.forward(np.zeros((2, 3), np.float32), np.array([0, 3]))
    assert c.astype(np.float64).simplex.dtype == np.float64
