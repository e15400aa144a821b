import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shape", [(5,), (1, 5), (3, 7)])
def test_gradients(shape):
    check_module_gradients(nn.SoftMax().astype(np.float64), np.random.default_rng(0).standard_normal(shape))


def test_rows_are_distributions():
    x = np.random.default_rng(1).standard_normal((4, 6)).astype(np.float32) * 50
    y = nn.SoftMax().forward(x)
    np.testing.assert_allclose(y.sum(1), 1, rtol=1e-6)
    assert (y >= 0).all()
