"""SpatialLPPooling: against torch's lp_pool2d, gradients for p = 2 and p = 3, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("p, args, shape", [(2, (3, 2, 2, 1), (2, 3, 9, 8)), (3, (2, 2, None, None), (3, 6, 7)),
                                            (1.5, (3, 3, 2, 2), (1, 3, 7, 7))])
def test_matches_torch(p, args, shape):
    torch = pytest.importorskip("torch")
    x = np.abs(np.random.default_rng(0).standard_normal(shape)).astype(np.float32) + 0.1
    kW, kH, dW, dH = args
    ref = torch.nn.functional.lp_pool2d(torch.from_numpy(x), p, (kH, kW), None if dW is None else (dH, dW))
    np.testing.assert_allclose(nn.SpatialLPPooling(3, p, *args).forward(x), ref.numpy(), rtol=2e-6)


def test_p2_accepts_negative_inputs():
    x = np.random.default_rng(1).standard_normal((1, 3, 4, 4)).astype(np.float32)
    y = nn.SpatialLPPooling(3, 2, 2, 2).forward(x)
    np.testing.assert_allclose(y, np.sqrt((x.reshape(1, 3, 2, 2, 2, 2) ** 2).sum(axis=(3, 5))), rtol=1e-6)


@pytest.mark.parametrize("p, args, shape", [(2, (3, 2, 2, 1), (1, 3, 7, 6)), (3, (2, 3, 1, 2), (3, 5, 4))])
def test_gradients(p, args, shape):
    x = np.abs(np.random.default_rng(2).standard_normal(shape)) + 0.1
    check_module_gradients(nn.SpatialLPPooling(3, p, *args).astype(np.float64), x)


def test_zero_windows_have_zero_gradient():
    pool = nn.SpatialLPPooling(1, 2, 2, 2).astype(np.float64)
    x = np.zeros((1, 1, 2, 2))
    pool.forward(x)
    np.testing.assert_array_equal(pool.backward(x, np.ones((1, 1, 1, 1))), np.zeros_like(x))


def test_errors():
    with pytest.raises(ValueError, match=r"SpatialLPPooling.*has 2 channels.*expected 3"):
        nn.SpatialLPPooling(3, 2, 2, 2).forward(np.zeros((1, 2, 4, 4), np.float32))
    with pytest.raises(ValueError, match="p_norm must be > 0"):
        nn.SpatialLPPooling(3, 0, 2, 2)
    with pytest.raises(ValueError, match=r"SpatialLPPooling.*too small"):
        nn.SpatialLPPooling(1, 2, 3, 3).forward(np.zeros((1, 1, 2, 4), np.float32))
