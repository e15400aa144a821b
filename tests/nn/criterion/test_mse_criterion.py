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


def test_shape_mismatch():
    with pytest.raises(ValueError, match=r"nn.MSECriterion: target shape \(2, 3\) does not match input shape \(3, 2\)"):
        nn.MSECriterion().forward(np.zeros((3, 2), np.float32), np.zeros((2, 3), np.float32))


def test_nan_loss_is_an_error():
    with pytest.raises(ValueError, match="the loss is nan"):
        nn.MSECriterion().forward(np.array([np.nan], np.float32), np.zeros(1, np.float32))
