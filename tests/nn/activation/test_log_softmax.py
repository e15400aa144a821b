import numpy as np
import pytest

from nnlib import nn

from ._helpers import check_softmax_family


def test_gradients_and_torch_on_every_rank():
    torch = pytest.importorskip("torch")
    check_softmax_family(nn.LogSoftMax, lambda dim: torch.nn.LogSoftmax(dim=dim))


def test_stable_for_large_scores():
    x = np.array([[1000.0, 0.0, -1000.0]], np.float32)
    y = nn.LogSoftMax().forward(x)
    assert np.isfinite(y).all()
    np.testing.assert_allclose(y[0, :2], [0.0, -1000.0], atol=1e-4)


def test_four_d_is_spatial_log_softmax():
    x = np.random.default_rng(3).standard_normal((2, 5, 3, 3)).astype(np.float32)
    gy = np.random.default_rng(4).standard_normal(x.shape).astype(np.float32)
    plain, spatial = nn.LogSoftMax(), nn.SpatialLogSoftMax()
    np.testing.assert_array_equal(plain.forward(x), spatial.forward(x))
    np.testing.assert_array_equal(plain.backward(x, gy), spatial.backward(x, gy))
