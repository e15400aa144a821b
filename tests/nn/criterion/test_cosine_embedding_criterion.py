import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


def _labels(rng, n):
    return np.where(rng.uniform(size=n) > 0.5, 1.0, -1.0)


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("margin", [0.0, -0.4, 0.3])
@pytest.mark.parametrize("n", [1, 5])
def test_gradients(n, margin, size_average):
    rng = np.random.default_rng(0)
    c = nn.CosineEmbeddingCriterion(margin, size_average).astype(np.float64)
    check_criterion_gradients(c, [rng.standard_normal((n, 3)), rng.standard_normal((n, 3))], _labels(rng, n))
    check_criterion_gradients(c, [rng.standard_normal(4), rng.standard_normal(4)], -1)
    check_criterion_gradients(c, [rng.standard_normal(4), rng.standard_normal(4)], 1)


@pytest.mark.parametrize("size_average", [True, False])
def test_against_torch(size_average):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((7, 4)).astype(np.float32), rng.standard_normal((7, 4)).astype(np.float32)
    y = _labels(rng, 7).astype(np.float32)
    at, bt = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    loss = torch.nn.CosineEmbeddingLoss(0.2, reduction="mean" if size_average else "sum")(at, bt, torch.tensor(y))
    loss.backward()
    c = nn.CosineEmbeddingCriterion(0.2, size_average)
    assert c.forward([a, b], y) == pytest.approx(loss.item(), rel=1e-6)
    ga, gb = c.backward([a, b], y)
    np.testing.assert_allclose(ga, at.grad.numpy(), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(gb, bt.grad.numpy(), rtol=1e-5, atol=1e-7)


def test_bad_input():
    c = nn.CosineEmbeddingCriterion()
    a = np.ones((3, 2), np.float32)
    with pytest.raises(ValueError, match=r"nn.CosineEmbeddingCriterion\(margin=0\): expected a table input "
                                         r"\[input1, input2\] of two arrays, got ndarray"):
        c.forward(a, np.ones(3))
    with pytest.raises(ValueError, match=r"the two inputs differ in shape, \(3, 2\) and \(2, 3\)"):
        c.forward([a, a.T.copy()], np.ones(3))
    with pytest.raises(ValueError, match=r"2 target labels for 3 input pairs .* target shape \(3,\)"):
        c.forward([a, a], np.ones(2))
    with pytest.raises(ValueError, match=r"target labels must be 1 \(similar\) or -1 \(dissimilar\), got 0"):
        c.forward([a, a], np.array([1, 0, -1]))
