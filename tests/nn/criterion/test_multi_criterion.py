import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("shape", [(1,), (3, 5)])
def test_gradients(shape):
    rng = np.random.default_rng(0)
    c = nn.MultiCriterion().add(nn.MSECriterion()).add(nn.SmoothL1Criterion(False), 0.5).add(nn.AbsCriterion(), -2)
    c.astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal(shape), rng.standard_normal(shape))


def test_table_input_gradients():
    rng = np.random.default_rng(1)
    c = nn.MultiCriterion().add(nn.CosineEmbeddingCriterion(0.1)).add(nn.MarginRankingCriterion(), 0.3).astype(np.float64)
    x = [rng.standard_normal((4, 1)), rng.standard_normal((4, 1))]
    check_criterion_gradients(c, x, np.array([1.0, -1.0, -1.0, 1.0]))


def test_weighted_sum_of_children():
    rng = np.random.default_rng(2)
    x = np.log(rng.dirichlet(np.ones(4), 5)).astype(np.float32)
    t = rng.integers(0, 4, 5)
    nll, margin = nn.ClassNLLCriterion(), nn.MultiMarginCriterion()
    c = nn.MultiCriterion().add(nll, 0.25).add(margin)
    assert c.forward(x, t) == pytest.approx(0.25 * nll.forward(x, t) + margin.forward(x, t), rel=1e-6)
    np.testing.assert_allclose(c.backward(x, t), 0.25 * nll.backward(x, t) + margin.backward(x, t), rtol=1e-6)
    assert repr(c) == "nn.MultiCriterion(nn.ClassNLLCriterion * 0.25, nn.MultiMarginCriterion(p=1, margin=1))"


def test_empty_and_bad_children():
    x = np.ones((2, 3), np.float32)
    c = nn.MultiCriterion()
    assert c.forward(x, x) == 0.0
    np.testing.assert_array_equal(c.backward(x, x), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="nn.MultiCriterion.add: expected a criterion, got Linear"):
        c.add(nn.Linear(2, 2))
    assert c.add(nn.MSECriterion()) is c
    assert c.astype(np.float64).criterions[0].dtype == np.float64
