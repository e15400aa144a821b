import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


def test_gradients():
    rng = np.random.default_rng(0)
    c = nn.ParallelCriterion().add(nn.ClassNLLCriterion(), 0.5).add(nn.MSECriterion(), 2).astype(np.float64)
    x = [rng.standard_normal((3, 4)), rng.standard_normal((3, 2))]
    check_criterion_gradients(c, x, [rng.integers(0, 4, 3), rng.standard_normal((3, 2))])


def test_repeat_target_gradients():
    rng = np.random.default_rng(1)
    c = nn.ParallelCriterion(True).add(nn.MSECriterion()).add(nn.AbsCriterion(), 0.7).astype(np.float64)
    check_criterion_gradients(c, [rng.standard_normal(5), rng.standard_normal(5)], rng.standard_normal(5))


def test_weighted_sum_and_extra_entries():
    rng = np.random.default_rng(2)
    x = [rng.standard_normal((3, 2)).astype(np.float32) for _ in range(3)]
    t = [rng.standard_normal((3, 2)).astype(np.float32) for _ in range(2)]
    mse, l1 = nn.MSECriterion(), nn.AbsCriterion()
    c = nn.ParallelCriterion().add(mse, 3).add(l1, 0.5)
    assert c.forward(x, t) == pytest.approx(3 * mse.forward(x[0], t[0]) + 0.5 * l1.forward(x[1], t[1]), rel=1e-6)
    g = c.backward(x, t)
    assert len(g) == 3
    np.testing.assert_allclose(g[0], 3 * mse.backward(x[0], t[0]), rtol=1e-6)
    np.testing.assert_allclose(g[1], 0.5 * l1.backward(x[1], t[1]), rtol=1e-6)
    np.testing.assert_array_equal(g[2], np.zeros((3, 2)))  # an entry without a criterion, as Torch7
    assert repr(nn.ParallelCriterion(True).add(mse, 2)) == "nn.ParallelCriterion(nn.MSECriterion * 2, repeat_target=True)"


def test_bad_tables():
    c = nn.ParallelCriterion().add(nn.MSECriterion()).add(nn.MSECriterion())
    x = np.zeros(3, np.float32)
    with pytest.raises(ValueError, match=r"nn.ParallelCriterion.*expected a table input with one entry per criterion "
                                         r"\(2\), got a table of 1"):
        c.forward([x], [x, x])
    with pytest.raises(ValueError, match=r"expected a table target with one entry per criterion \(2\), got ndarray; "
                                         "use repeat_target=True"):
        c.forward([x, x], x)
