import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("shape, w_shape", [((3, 5), (5,)), ((3, 5), (3, 5)), ((1, 2, 3), (2, 3)), ((7,), ())])
def test_gradients(shape, w_shape, size_average):
    rng = np.random.default_rng(0)
    c = nn.WeightedMSECriterion(rng.uniform(0.5, 2, w_shape), size_average).astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal(shape), rng.standard_normal(shape))


@pytest.mark.parametrize("size_average", [True, False])
def test_against_numpy(size_average):
    rng = np.random.default_rng(1)
    x, t, w = (rng.standard_normal(s).astype(np.float32) for s in [(4, 3), (4, 3), (3,)])
    c = nn.WeightedMSECriterion(w, size_average)
    norm = x.size if size_average else 1
    assert c.forward(x, t) == pytest.approx(((x - w * t) ** 2).sum() / norm, rel=1e-5)  # w scales the target
    np.testing.assert_allclose(c.backward(x, t), 2 * (x - w * t) / norm, rtol=1e-5)
    assert c.forward(x, t.reshape(-1)) == c.forward(x, t)


def test_weight_is_copied_and_checked():
    w = np.ones(3, np.float32)
    c = nn.WeightedMSECriterion(w)
    w[0] = 5
    assert c.weight[0] == 1
    with pytest.raises(ValueError, match=r"nn.WeightedMSECriterion.*weight shape \(3,\) fits neither one sample of "
                                         r"the input shape \(2, 4\) \(\(4,\)\) nor the whole input \(8 elements\)"):
        c.forward(np.zeros((2, 4), np.float32), np.zeros((2, 4), np.float32))
    assert c.astype(np.float64).weight.dtype == np.float64
