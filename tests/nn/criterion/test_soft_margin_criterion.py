import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("shape", [(1,), (3, 5), (2, 1, 3)])
def test_gradients(shape, size_average):
    rng = np.random.default_rng(0)
    c = nn.SoftMarginCriterion(size_average).astype(np.float64)
    check_criterion_gradients(c, 2 * rng.standard_normal(shape), np.where(rng.uniform(size=shape) > 0.5, 1.0, -1.0))


@pytest.mark.parametrize("size_average", [True, False])
def test_against_torch(size_average):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = 3 * rng.standard_normal((5, 7)).astype(np.float32)
    t = np.where(rng.uniform(size=(5, 7)) > 0.5, 1.0, -1.0).astype(np.float32)
    xt = torch.tensor(x, requires_grad=True)
    loss = torch.nn.SoftMarginLoss(reduction="mean" if size_average else "sum")(xt, torch.tensor(t))
    loss.backward()
    c = nn.SoftMarginCriterion(size_average)
    assert c.forward(x, t) == pytest.approx(loss.item(), rel=1e-6)
    np.testing.assert_allclose(c.backward(x, t), xt.grad.numpy(), rtol=1e-5, atol=1e-9)


def test_large_margins_stay_finite():
    x = np.array([-200.0, 200.0], np.float32)
    t = np.array([1.0, 1.0], np.float32)
    c = nn.SoftMarginCriterion(size_average=False)
    assert c.forward(x, t) == pytest.approx(200.0, rel=1e-6)
    np.testing.assert_allclose(c.backward(x, t), [-1.0, 0.0], atol=1e-30)
