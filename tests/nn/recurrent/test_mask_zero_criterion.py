import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


def test_loss_and_gradient_over_the_real_rows():
    rng = np.random.default_rng(0)
    x = np.log(rng.dirichlet(np.ones(4), 5))
    x[[1, 3]] = 0
    y = np.array([0, 2, 1, 3, 2])
    crit = nn.MaskZeroCriterion(nn.ClassNLLCriterion(), 1).astype(np.float64)
    real = [0, 2, 4]
    ref = nn.ClassNLLCriterion().astype(np.float64)
    assert crit.forward(x, y) == pytest.approx(ref.forward(x[real], y[real]))
    g = crit.backward(x, y)
    np.testing.assert_allclose(g[real], ref.backward(x[real], y[real]))
    assert not g[[1, 3]].any()
    assert crit.forward(np.zeros((2, 4)), y[:2]) == 0 and not crit.backward(np.zeros((2, 4)), y[:2]).any()
    full = np.log(rng.dirichlet(np.ones(4), 3))
    check_criterion_gradients(crit, full, y[:3])


def test_online_mode_is_a_clear_error():
    with pytest.raises(ValueError, match="online"):
        nn.MaskZeroCriterion(nn.MSECriterion(), 1).forward(np.ones(3), np.ones(3))
