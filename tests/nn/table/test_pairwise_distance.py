import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("p", [1, 1.5, 2, 3])
@pytest.mark.parametrize("shape", [(5,), (1, 3), (4, 3)])
def test_gradients(p, shape):
    rng = np.random.default_rng(0)
    # the 1e-6 Torch7 adds to the distance in the gradient is within the tolerance for distances of order 1
    check_module_gradients(nn.PairwiseDistance(p).astype(np.float64), [rng.standard_normal(shape), rng.standard_normal(shape)],
                           rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("p", [1, 2, 3])
def test_distance_is_the_p_norm_of_the_difference(p):
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    y = nn.PairwiseDistance(p).astype(np.float64).forward([a, b])
    np.testing.assert_allclose(y, np.linalg.norm(a - b, ord=p, axis=1))


def test_equal_inputs_give_zero_gradient():
    x = np.ones((2, 3), np.float32)
    m = nn.PairwiseDistance()
    np.testing.assert_array_equal(m.forward([x, x]), 0)
    ga, gb = m.backward([x, x], np.ones(2, np.float32))
    assert not ga.any() and not gb.any()


def test_errors():
    with pytest.raises(ValueError, match="p must be >= 1"):
        nn.PairwiseDistance(0.5)
    with pytest.raises(ValueError, match=r"nn.PairwiseDistance: input dtype float64 does not match the module's float32"):
        nn.PairwiseDistance().forward([np.ones(2), np.ones(2)])
