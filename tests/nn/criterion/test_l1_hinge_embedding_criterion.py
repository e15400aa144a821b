import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("y, margin", [(1, 1.0), (-1, 1.0), (-1, 100.0)])
@pytest.mark.parametrize("shape", [(1,), (5,), (2, 3)])
def test_gradients(shape, y, margin):
    rng = np.random.default_rng(0)
    c = nn.L1HingeEmbeddingCriterion(margin).astype(np.float64)
    check_criterion_gradients(c, [rng.standard_normal(shape), rng.standard_normal(shape)], y)


def test_against_numpy():
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal(6).astype(np.float32), rng.standard_normal(6).astype(np.float32)
    d = np.abs(a - b).sum()
    c = nn.L1HingeEmbeddingCriterion(margin=d + 1.5)
    assert c.forward([a, b], 1) == pytest.approx(d, rel=1e-6)
    assert c.forward([a, b], -1) == pytest.approx(1.5, rel=1e-5)
    ga, gb = c.backward([a, b], -1)
    np.testing.assert_array_equal(ga, -np.sign(a - b))
    np.testing.assert_array_equal(gb, np.sign(a - b))
    assert nn.L1HingeEmbeddingCriterion(margin=d - 0.5).forward([a, b], np.array([-1])) == 0.0
    np.testing.assert_array_equal(nn.L1HingeEmbeddingCriterion(margin=d - 0.5).backward([a, b], -1)[0], 0)


def test_bad_label():
    c = nn.L1HingeEmbeddingCriterion()
    a = np.zeros(3, np.float32)
    with pytest.raises(ValueError, match=r"nn.L1HingeEmbeddingCriterion\(margin=1\): expected the label of the pair, "
                                         r"1 or -1 \(a number\), got shape \(2,\)"):
        c.forward([a, a], np.ones(2))
    with pytest.raises(ValueError, match="must be 1 .* or -1 .*, got 2"):
        c.forward([a, a], 2)
