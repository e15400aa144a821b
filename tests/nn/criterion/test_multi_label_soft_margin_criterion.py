import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.5]])
@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("n", [1, 4])
def test_gradients(n, size_average, weights):
    rng = np.random.default_rng(0)
    c = nn.MultiLabelSoftMarginCriterion(weights, size_average).astype(np.float64)
    check_criterion_gradients(c, 2 * rng.standard_normal((n, 3)), (rng.uniform(size=(n, 3)) > 0.5) * 1.0)
    check_criterion_gradients(c, rng.standard_normal(3), (rng.uniform(size=3) > 0.5) * 1.0)


@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.5, 1.0]])
def test_against_torch(weights):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = 5 * rng.standard_normal((5, 4)).astype(np.float32)
    t = (rng.uniform(size=(5, 4)) > 0.5).astype(np.float32)
    xt = torch.tensor(x, requires_grad=True)
    w = None if weights is None else torch.tensor(weights, dtype=torch.float32)
    loss = torch.nn.MultiLabelSoftMarginLoss(weight=w)(xt, torch.tensor(t))
    loss.backward()
    c = nn.MultiLabelSoftMarginCriterion(weights)
    assert c.forward(x, t) == pytest.approx(loss.item(), rel=1e-6)
    np.testing.assert_allclose(c.backward(x, t), xt.grad.numpy(), rtol=1e-5, atol=1e-9)


def test_large_scores_stay_finite_and_weights_checked():
    c = nn.MultiLabelSoftMarginCriterion(size_average=False)
    assert c.forward(np.array([[500.0, -500.0]], np.float32), np.array([[0.0, 1.0]], np.float32)) == pytest.approx(1000)
    with pytest.raises(ValueError, match=r"2 class weights for 3 classes"):
        nn.MultiLabelSoftMarginCriterion([1.0, 2.0]).forward(np.zeros((2, 3), np.float32), np.zeros((2, 3), np.float32))
