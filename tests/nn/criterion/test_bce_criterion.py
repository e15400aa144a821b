import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.5]])
@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("n", [1, 4])
def test_gradients(n, weights, size_average):
    rng = np.random.default_rng(0)
    c = nn.BCECriterion(weights, size_average).astype(np.float64)
    x = rng.uniform(0.05, 0.95, (n, 3))
    t = rng.uniform(0, 1, (n, 3))
    check_criterion_gradients(c, x, t)
    check_criterion_gradients(c, x, (t > 0.5).astype(np.float64))


def test_value_against_numpy():
    rng = np.random.default_rng(1)
    x, t, w = rng.uniform(0, 1, (5, 3)), (rng.uniform(0, 1, (5, 3)) > 0.5) * 1.0, np.array([1.0, 2.0, 0.5])
    ref = -(w * (t * np.log(x + 1e-12) + (1 - t) * np.log(1 - x + 1e-12))).mean()
    assert nn.BCECriterion(w).astype(np.float64).forward(x, t) == pytest.approx(ref, rel=1e-12)
    v = nn.BCECriterion().astype(np.float64).forward(x[0], t[0])
    assert v == pytest.approx(-(t[0] * np.log(x[0]) + (1 - t[0]) * np.log(1 - x[0])).mean(), rel=1e-9)


def test_against_torch_and_any_number_of_axes():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    x, t = rng.uniform(0.05, 0.95, (2, 3, 4)), rng.uniform(0, 1, (2, 3, 4))
    w = np.array([1.0, 2.0, 0.5, 1.5])
    ref = torch.nn.BCELoss(weight=torch.tensor(w))(torch.tensor(x), torch.tensor(t)).item()
    assert nn.BCECriterion(w).astype(np.float64).forward(x, t) == pytest.approx(ref, rel=1e-9)


def test_saturated_probabilities_stay_finite():
    x = np.array([[0.0, 1.0]], np.float32)
    loss = nn.BCECriterion().forward(x, np.array([[0.0, 1.0]], np.float32))
    assert loss == pytest.approx(0.0, abs=1e-6)
    wrong = nn.BCECriterion().forward(x, np.array([[1.0, 0.0]], np.float32))
    assert wrong == pytest.approx(-np.log(1e-12), rel=1e-3)  # eps clamps log(0) to log(1e-12)
    assert np.isfinite(nn.BCECriterion().backward(x, np.array([[1.0, 0.0]], np.float32))).all()


def test_errors():
    x = np.full((2, 3), 0.5, np.float32)
    with pytest.raises(ValueError, match=r"nn.BCECriterion: target shape \(3, 3\) \(9 elements\) does not match input "
                                         r"shape \(2, 3\) \(6 elements\)"):
        nn.BCECriterion().forward(x, np.zeros((3, 3), np.float32))
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\], got range \[-1, 0.5\]; put a Sigmoid"):
        nn.BCECriterion().forward(np.array([[-1, 0.5]], np.float32), np.zeros((1, 2), np.float32))
    with pytest.raises(ValueError, match=r"one weight per column \(3,\)"):
        nn.BCECriterion([1, 2]).forward(x, np.zeros((2, 3), np.float32))
