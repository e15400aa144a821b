import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.5]])
@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("shape", [(1, 3, 1, 1), (2, 3, 3, 5)])
def test_gradients(shape, size_average, weights):
    rng = np.random.default_rng(0)
    n, c, h, w = shape
    crit = nn.SpatialClassNLLCriterion(weights, size_average).astype(np.float64)
    check_criterion_gradients(crit, rng.standard_normal(shape), rng.integers(0, c, (n, h, w)))


@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.5, 1.0]])
@pytest.mark.parametrize("size_average", [True, False])
def test_against_torch(size_average, weights):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 4, 5, 7)).astype(np.float32)
    t = rng.integers(0, 4, (3, 5, 7))
    w = None if weights is None else torch.tensor(weights, dtype=torch.float32)
    xt = torch.tensor(x, requires_grad=True)
    loss = torch.nn.NLLLoss(w, reduction="mean" if size_average else "sum")(xt, torch.tensor(t))
    loss.backward()
    c = nn.SpatialClassNLLCriterion(weights, size_average)
    assert c.forward(x, t) == pytest.approx(loss.item(), rel=1e-5)
    np.testing.assert_allclose(c.backward(x, t), xt.grad.numpy(), rtol=1e-6)


def test_parallel_gradient_matches_numpy():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 4, 80, 90)).astype(np.float32)  # past the parallel threshold
    t = rng.integers(0, 4, (3, 80, 90))
    w = np.array([0.5, 2.0, 1.5, 1.0], np.float32)
    g = nn.SpatialClassNLLCriterion(w).backward(x, t)
    ref = np.zeros_like(x)
    b, y, z = np.indices(t.shape)
    ref[b, t, y, z] = -w[t] / w[t].sum(dtype=np.float64)
    np.testing.assert_allclose(g, ref, rtol=1e-6)


def test_equals_class_nll_on_pixels():
    rng = np.random.default_rng(2)
    x, t = rng.standard_normal((2, 3, 4, 5)).astype(np.float32), rng.integers(0, 3, (2, 4, 5))
    flat = x.transpose(0, 2, 3, 1).reshape(-1, 3)
    assert nn.SpatialClassNLLCriterion().forward(x, t) == pytest.approx(
        nn.ClassNLLCriterion().forward(flat, t.reshape(-1)), rel=1e-6)


def test_bad_input():
    c = nn.SpatialClassNLLCriterion()
    x = np.zeros((2, 3, 4, 5), np.float32)
    with pytest.raises(ValueError, match=r"nn.SpatialClassNLLCriterion: expected a 4-D input, got shape \(3, 4, 5\)"):
        c.forward(x[0], np.zeros((4, 5), np.int64))
    with pytest.raises(ValueError, match=r"target shape \(2, 5, 4\) does not match input shape \(2, 3, 4, 5\); "
                                         r"expected one label per pixel, \(2, 4, 5\)"):
        c.forward(x, np.zeros((2, 5, 4), np.int64))
    with pytest.raises(ValueError, match=r"target label 3 is out of range \[0, 3\)"):
        c.forward(x, np.full((2, 4, 5), 3))
    with pytest.raises(ValueError, match="integer class labels"):
        c.forward(x, np.zeros((2, 4, 5), np.float32))
    with pytest.raises(ValueError, match=r"2 class weights for 3 classes"):
        nn.SpatialClassNLLCriterion([1, 2]).forward(x, np.zeros((2, 4, 5), np.int64))
