"""FeatureLPPooling: against a numpy reference in every layout, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _reference(x, width, stride, p, feature_axis):
    x = np.moveaxis(x, feature_axis, 0)
    n = (x.shape[0] - width) // stride + 1
    y = np.stack([np.sum(x[i * stride:i * stride + width] ** p, axis=0) ** (1 / p) for i in range(n)])
    return np.moveaxis(y, 0, feature_axis)


@pytest.mark.parametrize("batch_mode, shape", [(False, (9,)), (False, (7, 3)), (False, (8, 2, 3)),
                                               (True, (2, 9)), (True, (2, 7, 3)), (True, (1, 8, 3, 2))])
@pytest.mark.parametrize("width, stride, p", [(3, 2, 2.0), (2, 1, 3.0)])
def test_matches_numpy(batch_mode, shape, width, stride, p):
    x = np.abs(np.random.default_rng(0).standard_normal(shape)) + 0.1
    pool = nn.FeatureLPPooling(width, stride, p, batch_mode).astype(np.float64)
    np.testing.assert_allclose(pool.forward(x), _reference(x, width, stride, p, int(batch_mode)), rtol=1e-12)


@pytest.mark.parametrize("batch_mode, shape", [(False, (7, 3)), (True, (1, 8, 3, 2))])
def test_gradients(batch_mode, shape):
    x = np.abs(np.random.default_rng(1).standard_normal(shape)) + 0.1
    for p in (2.0, 3.0):
        check_module_gradients(nn.FeatureLPPooling(3, 2, p, batch_mode).astype(np.float64), x)


def test_errors():
    with pytest.raises(ValueError, match="width must be within 2 to 16"):
        nn.FeatureLPPooling(1, 1, 2)
    with pytest.raises(ValueError, match="stride must be within 1 to 4"):
        nn.FeatureLPPooling(2, 5, 2)
    with pytest.raises(ValueError, match=r"FeatureLPPooling.*\(N, F\[, A\[, B\]\]\).*got shape \(3,\)"):
        nn.FeatureLPPooling(2, 1, 2, True).forward(np.zeros(3, np.float32))
    with pytest.raises(ValueError, match=r"FeatureLPPooling.*has 2 features.*fewer than width=3"):
        nn.FeatureLPPooling(3, 1, 2).forward(np.zeros((2, 4), np.float32))
