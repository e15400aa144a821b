import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shape", [(5,), (1, 5), (3, 5)])
def test_gradients(shape):
    m = nn.Maxout(5, 3, 2).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(0).standard_normal(shape))


def test_forward_matches_numpy():
    m = nn.Maxout(5, 3, 4).astype(np.float64)
    x = np.random.default_rng(1).standard_normal((6, 5))
    lin = m.get(0)
    assert lin.weight.shape == (12, 5)
    ref = (x @ lin.weight.T + lin.bias).reshape(6, 4, 3).max(axis=1)
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-12)
    np.testing.assert_allclose(m.forward(x[0]), ref[0], rtol=1e-12)


def test_preprocess_sits_before_the_max():
    m = nn.Maxout(4, 2, 3, nn.Identity())
    assert isinstance(m.get(2), nn.Identity) and len(m) == 4
    assert m.forward(np.ones((2, 4), np.float32)).shape == (2, 2)
