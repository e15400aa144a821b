import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_gradients():
    x = np.random.default_rng(0).standard_normal((3, 5))
    x += np.sign(x) * 0.01
    check_module_gradients(nn.LeakyReLU(0.2).astype(np.float64), x)
    check_module_gradients(nn.LeakyReLU().astype(np.float64), x[:1])


def test_output_and_default_slope():
    x = np.array([-2.0, 0.5], np.float32)
    np.testing.assert_allclose(nn.LeakyReLU().forward(x), [-0.02, 0.5])
    np.testing.assert_allclose(nn.LeakyReLU(0.3).forward(x), [-0.6, 0.5])
    assert repr(nn.LeakyReLU(0.3)) == "nn.LeakyReLU(0.3)"


def test_in_place_matches_out_of_place():
    x = np.random.default_rng(6).standard_normal((4, 5)).astype(np.float32) + 0.01
    g = np.random.default_rng(7).standard_normal((4, 5)).astype(np.float32)
    ref = nn.LeakyReLU(0.2)
    y, gx = ref.forward(x).copy(), ref.backward(x, g).copy()
    m = nn.LeakyReLU(0.2, ip=True)
    xi, gi = x.copy(), g.copy()
    assert m.forward(xi) is xi and m.backward(xi, gi) is gi
    np.testing.assert_array_equal(xi, y)
    np.testing.assert_array_equal(gi, gx)
    with pytest.raises(ValueError, match="positive slope"):
        nn.LeakyReLU(-0.5, ip=True)
