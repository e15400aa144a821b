import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shape", [(5,), (1, 5), (3, 7)])
def test_gradients(shape):
    check_module_gradients(nn.LogSoftMax().astype(np.float64), np.random.default_rng(0).standard_normal(shape))


def test_stable_for_large_scores():
    x = np.array([[1000.0, 0.0, -1000.0]], np.float32)
    y = nn.LogSoftMax().forward(x)
    assert np.isfinite(y).all()
    np.testing.assert_allclose(y[0, :2], [0.0, -1000.0], atol=1e-4)
