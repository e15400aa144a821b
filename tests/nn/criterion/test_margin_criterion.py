import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


def _labels(rng, shape):
    return np.where(rng.uniform(size=shape) > 0.5, 1.0, -1.0)


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("margin", [1.0, 0.3])
@pytest.mark.parametrize("shape", [(1,), (3, 5), (2, 1, 3)])
def test_gradients(shape, margin, size_average):
    rng = np.random.default_rng(0)
    c = nn.MarginCriterion(margin, size_average).astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal(shape), _labels(rng, shape))


@pytest.mark.parametrize("size_average", [True, False])
def test_against_numpy(size_average):
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((4, 5)).astype(np.float32), _labels(rng, (4, 5)).astype(np.float32)
    c = nn.MarginCriterion(0.5, size_average)
    norm = x.size if size_average else 1
    assert c.forward(x, t) == pytest.approx(np.maximum(0.5 - x * t, 0).sum() / norm, rel=1e-6)
    np.testing.assert_allclose(c.backward(x, t), np.where(x * t < 0.5, -t, 0) / norm, rtol=1e-6)


def test_defaults_and_repr():
    c = nn.MarginCriterion()
    assert (c.margin, c.size_average) == (1.0, True)
    assert repr(nn.MarginCriterion(2, False)) == "nn.MarginCriterion(margin=2, size_average=False)"
