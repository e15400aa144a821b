import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


def _distributions(rng, shape):
    p = rng.uniform(0.1, 1, shape)
    return p / p.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("shape", [(3,), (1, 4), (3, 5)])
def test_gradients(shape, size_average):
    rng = np.random.default_rng(0)
    c = nn.DistKLDivCriterion(size_average).astype(np.float64)
    t = _distributions(rng, shape)
    t.reshape(-1)[0] = 0.0  # zero targets add nothing
    check_criterion_gradients(c, np.log(_distributions(rng, shape)), t)


@pytest.mark.parametrize("size_average", [True, False])
def test_against_torch(size_average):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = np.log(_distributions(rng, (4, 6))).astype(np.float32)
    t = _distributions(rng, (4, 6)).astype(np.float32)
    t[1, 2] = 0.0
    xt = torch.tensor(x, requires_grad=True)
    loss = torch.nn.KLDivLoss(reduction="sum")(xt, torch.tensor(t)) / (x.size if size_average else 1)
    loss.backward()
    c = nn.DistKLDivCriterion(size_average)
    assert c.forward(x, t) == pytest.approx(loss.item(), rel=1e-5)
    np.testing.assert_allclose(c.backward(x, t), xt.grad.numpy(), rtol=1e-6)


def test_negative_targets_add_nothing_as_torch7():
    x = np.array([-1.0, -2.0], np.float32)
    c = nn.DistKLDivCriterion(size_average=False)
    assert c.forward(x, np.array([-0.5, 1.0], np.float32)) == pytest.approx(2.0)
    np.testing.assert_array_equal(c.backward(x, np.array([-0.5, 1.0], np.float32)), [0.0, -1.0])
