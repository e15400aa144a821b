"""SpatialCrossMapLRN: gradient check and a check against AlexNet's formula."""
import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_gradients():
    lrn = nn.SpatialCrossMapLRN(3, alpha=0.5, beta=0.75, k=2.0).astype(np.float64)
    check_module_gradients(lrn, np.random.default_rng(0).standard_normal((1, 5, 3, 2)))


def test_gradients_single_image_wide_window():
    lrn = nn.SpatialCrossMapLRN(5, alpha=1.0).astype(np.float64)
    check_module_gradients(lrn, np.random.default_rng(1).standard_normal((3, 2, 3)))


def test_middle_channel_formula():
    x = np.arange(1, 6, dtype=np.float32).reshape(1, 5, 1, 1)
    y = nn.SpatialCrossMapLRN(3, alpha=0.3, beta=0.5, k=1.0).forward(x)
    expected = 3 / np.sqrt(1 + 0.3 / 3 * (4 + 9 + 16))
    np.testing.assert_allclose(y[0, 2, 0, 0], expected, rtol=1e-6)
