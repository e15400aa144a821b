import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.0, 3.0]])
@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("n", [1, 5])
def test_gradients(n, weights, size_average):
    rng = np.random.default_rng(0)
    c = nn.ClassNLLCriterion(weights, size_average).astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal((n, 4)), rng.integers(0, 4, n))


def test_value_with_weights():
    x = np.log(np.array([[0.5, 0.25, 0.25], [0.1, 0.1, 0.8]], np.float32))
    t = np.array([0, 2])
    w = np.array([2.0, 1.0, 1.0])
    expected = -(2 * np.log(0.5) + np.log(0.8)) / 3
    assert nn.ClassNLLCriterion(w).forward(x, t) == pytest.approx(expected, rel=1e-6)
    assert nn.ClassNLLCriterion(size_average=False).forward(x, t) == pytest.approx(-(np.log(0.5) + np.log(0.8)), rel=1e-6)


def test_single_sample():
    x = np.log(np.array([0.2, 0.8], np.float32))
    assert nn.ClassNLLCriterion().forward(x, 1) == pytest.approx(-np.log(0.8), rel=1e-6)
    assert nn.ClassNLLCriterion().backward(x, 1).shape == (2,)


@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.0, 3.0]])
@pytest.mark.parametrize("size_average", [True, False])
def test_ignore_index_gradients(size_average, weights):
    rng = np.random.default_rng(3)
    c = nn.ClassNLLCriterion(weights, size_average, ignore_index=-1).astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal((5, 4)), np.array([2, -1, 0, -1, 3]))


@pytest.mark.parametrize("ignore_index", [-1, 2])
@pytest.mark.parametrize("size_average", [True, False])
def test_ignore_index_against_torch(size_average, ignore_index):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    x = rng.standard_normal((6, 4)).astype(np.float32)
    t = np.array([2, -1, 0, 2, 3, 1]) if ignore_index == -1 else np.array([2, 1, 0, 2, 3, 2])
    w = np.array([0.5, 2.0, 1.0, 3.0], np.float32)
    xt = torch.tensor(x, requires_grad=True)
    loss = torch.nn.NLLLoss(torch.tensor(w), ignore_index=ignore_index,
                            reduction="mean" if size_average else "sum")(xt, torch.tensor(t))
    loss.backward()
    c = nn.ClassNLLCriterion(w, size_average, ignore_index)
    assert c.forward(x, t) == pytest.approx(loss.item(), rel=1e-6)
    np.testing.assert_allclose(c.backward(x, t), xt.grad.numpy(), rtol=1e-6)


def test_all_ignored_is_zero_and_labels_still_checked():
    c = nn.ClassNLLCriterion(ignore_index=-1)
    x = np.zeros((2, 3), np.float32)
    assert c.forward(x, np.array([-1, -1])) == 0.0  # PyTorch: nan
    np.testing.assert_array_equal(c.backward(x, np.array([-1, -1])), np.zeros((2, 3)))
    assert c.forward(x[0], -1) == 0.0
    with pytest.raises(ValueError, match=r"target label -2 is out of range \[0, 3\)"):
        c.forward(x, np.array([-2, 0]))
    with pytest.raises(ValueError, match=r"target label -1 is out of range"):
        nn.ClassNLLCriterion().forward(x, np.array([-1, 0]))
    assert repr(c) == "nn.ClassNLLCriterion(ignore_index=-1)"


def test_against_torch_weighted():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    x, t, w = rng.standard_normal((7, 3)), rng.integers(0, 3, 7), np.array([0.25, 1.0, 3.0])
    ref = torch.nn.NLLLoss(torch.tensor(w))(torch.tensor(x), torch.tensor(t)).item()
    assert nn.ClassNLLCriterion(w).astype(np.float64).forward(x, t) == pytest.approx(ref, rel=1e-12)
