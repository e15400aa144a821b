import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


def _labels(rng, n):
    return np.where(rng.uniform(size=n) > 0.5, 1.0, -1.0)


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("margin", [1.0, 0.2])
@pytest.mark.parametrize("shape", [(1,), (7,), (5, 1)])
def test_gradients(shape, margin, size_average):
    rng = np.random.default_rng(0)
    c = nn.MarginRankingCriterion(margin, size_average).astype(np.float64)
    check_criterion_gradients(c, [rng.standard_normal(shape), rng.standard_normal(shape)], _labels(rng, shape[0]))


@pytest.mark.parametrize("size_average", [True, False])
def test_against_torch(size_average):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal(9).astype(np.float32), rng.standard_normal(9).astype(np.float32)
    y = _labels(rng, 9).astype(np.float32)
    at, bt = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    loss = torch.nn.MarginRankingLoss(0.5, reduction="mean" if size_average else "sum")(at, bt, torch.tensor(y))
    loss.backward()
    c = nn.MarginRankingCriterion(0.5, size_average)
    assert c.forward([a, b], y) == pytest.approx(loss.item(), rel=1e-6)
    ga, gb = c.backward([a, b], y)
    np.testing.assert_allclose(ga, at.grad.numpy(), rtol=1e-6)
    np.testing.assert_allclose(gb, bt.grad.numpy(), rtol=1e-6)


def test_non_batch_mode_with_a_number_label():
    c = nn.MarginRankingCriterion()
    a, b = np.array([0.2], np.float32), np.array([0.5], np.float32)
    assert c.forward([a, b], 1) == pytest.approx(1.3)
    ga, gb = c.backward([a, b], 1)
    np.testing.assert_array_equal(ga, [-1.0])
    np.testing.assert_array_equal(gb, [1.0])
    assert c.forward([a, b], -1) == pytest.approx(0.7)


def test_bad_input():
    c = nn.MarginRankingCriterion()
    a = np.zeros(4, np.float32)
    with pytest.raises(ValueError, match=r"nn.MarginRankingCriterion\(margin=1\): target shape \(3,\) \(3 elements\) "
                                         r"does not match input shape \(4,\)"):
        c.forward([a, a], np.ones(3))
    with pytest.raises(ValueError, match="expected a table input"):
        c.forward([a], np.ones(4))
