import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


def _labels(rng, shape):
    return np.where(rng.uniform(size=shape) > 0.5, 1.0, -1.0)


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("margin", [1.0, 0.4])
@pytest.mark.parametrize("shape", [(1,), (7,), (3, 1)])
def test_gradients(shape, margin, size_average):
    rng = np.random.default_rng(0)
    c = nn.HingeEmbeddingCriterion(margin, size_average).astype(np.float64)
    check_criterion_gradients(c, rng.uniform(0, 2, shape), _labels(rng, shape))


@pytest.mark.parametrize("size_average", [True, False])
def test_against_torch(size_average):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 2, 9).astype(np.float32), _labels(rng, 9).astype(np.float32)
    xt = torch.tensor(x, requires_grad=True)
    loss = torch.nn.HingeEmbeddingLoss(0.7, reduction="mean" if size_average else "sum")(xt, torch.tensor(y))
    loss.backward()
    c = nn.HingeEmbeddingCriterion(0.7, size_average)
    assert c.forward(x, y) == pytest.approx(loss.item(), rel=1e-6)
    np.testing.assert_allclose(c.backward(x, y), xt.grad.numpy(), rtol=1e-6)


def test_number_label_for_one_distance():
    c = nn.HingeEmbeddingCriterion(2.0)
    assert c.forward(np.array([0.5], np.float32), -1) == pytest.approx(1.5)
    np.testing.assert_array_equal(c.backward(np.array([0.5], np.float32), -1), [-1.0])
    assert c.forward(np.array([0.5], np.float32), 1) == pytest.approx(0.5)


def test_labels_must_be_plus_or_minus_one():
    with pytest.raises(ValueError, match=r"nn.HingeEmbeddingCriterion\(margin=1\): target labels must be 1 "
                                         r"\(similar\) or -1 \(dissimilar\), got 0"):
        nn.HingeEmbeddingCriterion().forward(np.ones(3, np.float32), np.array([1, 0, -1]))
