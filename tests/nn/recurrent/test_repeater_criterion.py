import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


def test_sum_over_steps_of_the_same_target():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((3, 2, 4)), rng.standard_normal((2, 4))
    crit = nn.RepeaterCriterion(nn.MSECriterion()).astype(np.float64)
    mse = nn.MSECriterion().astype(np.float64)
    assert crit.forward(x, y) == pytest.approx(sum(mse.forward(x[t], y) for t in range(3)))
    check_criterion_gradients(crit, x, y)
    with pytest.raises(ValueError, match="time-major"):
        crit.forward(np.ones(3), np.ones(3))
