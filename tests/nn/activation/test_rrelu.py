import numpy as np
import pytest

import nnlib
from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import assert_inplace_matches, assert_matches_torch, away_from_kinks


def test_training_slopes_within_bounds_and_reproducible():
    x = -np.ones((50, 41), np.float32)
    nnlib.manual_seed(4)
    m = nn.RReLU(0.1, 0.3)
    y = m.forward(x).copy()
    assert np.all(y <= -0.1) and np.all(y >= -0.3)
    assert abs(y.mean() + 0.2) < 0.01
    nnlib.manual_seed(4)
    np.testing.assert_array_equal(nn.RReLU(0.1, 0.3).forward(x), y)
    np.testing.assert_array_equal(m.forward(np.ones((2, 3), np.float32)), np.ones((2, 3)))


def test_gradients_with_fixed_slopes():
    for shape in [(1,), (3, 5), (2, 3, 1, 3)]:
        check_module_gradients(nn.RReLU().astype(np.float64), away_from_kinks(shape),
                               before_forward=lambda: nnlib.manual_seed(5))
    check_module_gradients(nn.RReLU(0.2, 0.4).astype(np.float64).evaluate(), away_from_kinks((3, 4)))


def test_backward_uses_the_drawn_slopes():
    m = nn.RReLU()
    x = away_from_kinks((4, 6)).astype(np.float32)
    y = m.forward(x)
    g = np.ones_like(x)
    np.testing.assert_allclose(m.backward(x, g), y / x, rtol=1e-6)
    np.testing.assert_allclose(m.noise, y / x, rtol=1e-6)  # the slopes, in the input's shape


def test_evaluate_uses_the_mean_slope_as_torch():
    torch = pytest.importorskip("torch")
    x = away_from_kinks((3, 7))
    assert_matches_torch(nn.RReLU(0.1, 0.5).evaluate(), torch.nn.RReLU(0.1, 0.5).eval(), x)


def test_inplace():
    x = away_from_kinks((3, 7))
    assert_inplace_matches(lambda ip: nn.RReLU(0.2, 0.4, ip).evaluate(), x)
    nnlib.manual_seed(6)
    plain = nn.RReLU().forward(x.astype(np.float32)).copy()
    nnlib.manual_seed(6)
    xi = x.astype(np.float32)
    assert nn.RReLU(ip=True).forward(xi) is xi
    np.testing.assert_array_equal(xi, plain)


def test_bad_bounds():
    with pytest.raises(ValueError, match="0 <= l <= u"):
        nn.RReLU(0.5, 0.1)
