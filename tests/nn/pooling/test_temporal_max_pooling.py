"""TemporalMaxPooling: against torch's max_pool1d on (N, T, F), gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("kW, dW, shape", [(3, 2, (2, 9, 4)), (2, None, (7, 3)), (1, 3, (1, 8, 2))])
def test_matches_torch(kW, dW, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    ref = torch.nn.functional.max_pool1d(torch.from_numpy(x).transpose(-1, -2), kW, dW or kW).transpose(-1, -2)
    np.testing.assert_array_equal(nn.TemporalMaxPooling(kW, dW).forward(x), ref.numpy())


@pytest.mark.parametrize("kW, dW, shape", [(3, 2, (1, 9, 3)), (2, 1, (5, 2))])
def test_gradients(kW, dW, shape):
    check_module_gradients(nn.TemporalMaxPooling(kW, dW).astype(np.float64),
                           np.random.default_rng(1).standard_normal(shape))


def test_errors():
    with pytest.raises(ValueError, match=r"TemporalMaxPooling.*has 2 frames, fewer than kW=3"):
        nn.TemporalMaxPooling(3).forward(np.zeros((1, 2, 4), np.float32))
    with pytest.raises(ValueError, match=r"TemporalMaxPooling.*\(N, T, F\)"):
        nn.TemporalMaxPooling(2).forward(np.zeros(4, np.float32))
    assert repr(nn.TemporalMaxPooling(3, 2)) == "nn.TemporalMaxPooling(3, 2)"
