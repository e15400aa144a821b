import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _model():
    return nn.DepthConcat(1, nn.SpatialConvolution(2, 2, 1, 1), nn.SpatialConvolution(2, 1, 3, 3),
                          nn.SpatialConvolution(2, 3, 2, 2)).astype(np.float64)


@pytest.mark.parametrize("shape", [(1, 2, 5, 5), (2, 2, 4, 3)])
def test_gradients(shape):
    check_module_gradients(_model(), np.random.default_rng(0).standard_normal(shape))


def test_smaller_maps_are_centred_in_zeros():
    m = _model()
    x = np.random.default_rng(1).standard_normal((1, 2, 5, 5))
    y = m.forward(x)
    assert y.shape == (1, 6, 5, 5)
    a, b, c = (child.output for child in m.modules)  # 5x5, 3x3, 4x4
    np.testing.assert_array_equal(y[:, 0:2], a)
    np.testing.assert_array_equal(y[:, 2:3, 1:4, 1:4], b)  # (5 - 3) // 2 = 1 padding each side
    np.testing.assert_array_equal(y[:, 3:6, 0:4, 0:4], c)  # (5 - 4) // 2 = 0: the extra row/column after
    assert not y[:, 2, 0].any() and not y[:, 2, 4].any() and not y[:, 3:6, 4].any() and not y[:, 3:6, :, 4].any()


def test_gradient_windows_match_concat_when_sizes_agree():
    rng = np.random.default_rng(2)
    children = [nn.Linear(3, 2), nn.Linear(3, 4)]
    d = nn.DepthConcat(1, *children).astype(np.float64)
    c = nn.Concat(1, *(m.clone() for m in children)).astype(np.float64)
    x = rng.standard_normal((2, 3))
    np.testing.assert_array_equal(d.forward(x), c.forward(x))
    g = rng.standard_normal((2, 6))
    np.testing.assert_array_equal(d.backward(x, g), c.backward(x, g))
