import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shape", [(3,), (2, 3), (1, 2, 3), (2, 1, 3, 3)])
def test_gradients(shape):
    check_module_gradients(nn.Bottle(nn.Linear(3, 2)).astype(np.float64), np.random.default_rng(0).standard_normal(shape))


def test_folds_leading_axes_like_a_batch():
    m = nn.Bottle(nn.Linear(3, 4))
    x = np.random.default_rng(1).standard_normal((5, 2, 3)).astype(np.float32)
    y = m.forward(x)
    assert y.shape == (5, 2, 4)
    np.testing.assert_allclose(y, x @ m.module.weight.T + m.module.bias, rtol=1e-5, atol=1e-6)
    assert m.backward(x, np.ones_like(y)).shape == x.shape


def test_output_rank_change_and_check():
    # a module taking (N, C, H, W) and giving (N, F): n_input_dim 4, n_output_dim 2
    inner = nn.Sequential(nn.SpatialConvolution(1, 2, 3, 3), nn.View(-1, 2))
    m = nn.Bottle(inner, 4, 2).astype(np.float64)
    x = np.random.default_rng(2).standard_normal((2, 3, 1, 3, 3))
    assert m.forward(x).shape == (2, 3, 2)
    check_module_gradients(m, x)
    with pytest.raises(ValueError, match=r"the module's output should have 3 axes \(n_output_dim\), got \(6, 2\)"):
        nn.Bottle(inner, 4, 3).astype(np.float64).forward(x)
    assert repr(m).startswith("nn.Bottle(4 -> 2) @ nn.Sequential {")
