import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("shape", [(1,), (3, 5), (2, 1, 3)])
def test_gradients(shape, size_average):
    rng = np.random.default_rng(0)
    c = nn.AbsCriterion(size_average).astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal(shape), rng.standard_normal(shape))


@pytest.mark.parametrize("size_average", [True, False])
def test_against_torch(size_average):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((5, 3)).astype(np.float32), rng.standard_normal((5, 3)).astype(np.float32)
    ref = torch.nn.L1Loss(reduction="mean" if size_average else "sum")
    xt = torch.tensor(x, requires_grad=True)
    loss = ref(xt, torch.tensor(t))
    loss.backward()
    c = nn.AbsCriterion(size_average)
    assert c.forward(x, t) == pytest.approx(loss.item(), rel=1e-6)
    np.testing.assert_allclose(c.backward(x, t), xt.grad.numpy(), rtol=1e-6)


def test_tie_gradient_is_positive_as_torch7():
    x = np.array([1.0, 2.0], np.float32)
    np.testing.assert_array_equal(nn.AbsCriterion().backward(x, np.array([1.0, 3.0], np.float32)), [0.5, -0.5])
    assert repr(nn.AbsCriterion(False)) == "nn.AbsCriterion(size_average=False)"
