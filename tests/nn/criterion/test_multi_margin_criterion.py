import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.5, 1.0, 3.0]])
@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("p, margin", [(1, 1.0), (2, 1.0), (1, 0.3), (2, 2.5)])
@pytest.mark.parametrize("n", [1, 4])
def test_gradients(n, p, margin, size_average, weights):
    rng = np.random.default_rng(0)
    c = nn.MultiMarginCriterion(p, weights, margin, size_average).astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal((n, 5)), rng.integers(0, 5, n))
    check_criterion_gradients(c, rng.standard_normal(5), 3)


@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.5, 1.0]])
@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("p", [1, 2])
def test_against_torch(p, size_average, weights):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((6, 4)).astype(np.float32), rng.integers(0, 4, 6)
    w = None if weights is None else torch.tensor(weights, dtype=torch.float32)
    xt = torch.tensor(x, requires_grad=True)
    loss = torch.nn.MultiMarginLoss(p, 0.7, w, reduction="mean" if size_average else "sum")(xt, torch.tensor(t))
    loss.backward()
    c = nn.MultiMarginCriterion(p, weights, 0.7, size_average)
    assert c.forward(x, t) == pytest.approx(loss.item(), rel=1e-6)
    np.testing.assert_allclose(c.backward(x, t), xt.grad.numpy(), rtol=1e-5, atol=1e-8)


def test_defaults_and_errors():
    c = nn.MultiMarginCriterion()
    assert (c.p, c.margin, c.weights, c.size_average) == (1, 1.0, None, True)
    assert repr(nn.MultiMarginCriterion(2, [1, 2], 0.5)) == "nn.MultiMarginCriterion(p=2, margin=0.5, weighted)"
    with pytest.raises(ValueError, match="p must be 1 or 2, got 3"):
        nn.MultiMarginCriterion(3)
    x = np.zeros((2, 3), np.float32)
    with pytest.raises(ValueError, match=r"nn.MultiMarginCriterion\(p=1, margin=1\): target label 3 is out of range"):
        c.forward(x, np.array([0, 3]))
    with pytest.raises(ValueError, match=r"expected 2 targets of shape \(2,\), got shape \(3,\)"):
        c.forward(x, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"2 class weights for 3 classes"):
        nn.MultiMarginCriterion(1, [1, 2]).forward(x, np.array([0, 1]))
