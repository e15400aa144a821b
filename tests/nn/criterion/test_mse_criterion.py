import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("shape", [(1, 3), (3, 5, 2), (7,)])
def test_gradients(shape, size_average):
    rng = np.random.default_rng(0)
    c = nn.MSECriterion(size_average).astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal(shape), rng.standard_normal(shape))


def test_value():
    x = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    t = np.array([[0.0, 2.0], [3.0, 1.0]], np.float32)
    assert nn.MSECriterion().forward(x, t) == pytest.approx(10 / 4)
    assert nn.MSECriterion(size_average=False).forward(x, t) == pytest.approx(10)
    np.testing.assert_allclose(nn.MSECriterion().backward(x, t), 2 * (x - t) / 4)


def test_against_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((5, 3)).astype(np.float32), rng.standard_normal((5, 3)).astype(np.float32)
    xt = torch.tensor(x, requires_grad=True)
    loss = torch.nn.MSELoss()(xt, torch.tensor(t))
    loss.backward()
    assert nn.MSECriterion().forward(x, t) == pytest.approx(loss.item(), rel=1e-6)
    np.testing.assert_allclose(nn.MSECriterion().backward(x, t), xt.grad.numpy(), rtol=1e-6)


def test_element_count_mismatch():
    with pytest.raises(ValueError, match=r"nn.MSECriterion: target shape \(2, 2\) \(4 elements\) does not match input "
                                         r"shape \(3, 2\) \(6 elements\)"):
        nn.MSECriterion().forward(np.zeros((3, 2), np.float32), np.zeros((2, 2), np.float32))


def test_nan_loss_is_an_error():
    with pytest.raises(ValueError, match="the loss is nan"):
        nn.MSECriterion().forward(np.array([np.nan], np.float32), np.zeros(1, np.float32))
