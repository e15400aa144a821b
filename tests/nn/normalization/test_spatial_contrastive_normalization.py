"""SpatialContrastiveNormalization: subtractive then divisive as torch/nn (the e-Lab face detector's
`SpatialContrastiveNormalization(1, image.gaussian1D(5))`), gradients, errors, the gaussian kernels."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_is_subtractive_then_divisive():
    torch = pytest.importorskip("torch")
    from ._torch_local_norm import divisive, subtractive
    x = np.random.default_rng(0).standard_normal((2, 1, 9, 8))
    kernel = nn.image_gaussian1d(5, dtype=np.float64)
    module = nn.SpatialContrastiveNormalization(1, kernel).astype(np.float64)
    ref = divisive(subtractive(torch.tensor(x), kernel, 1), kernel, 1)
    np.testing.assert_allclose(module.forward(x), ref.numpy(), rtol=1e-12, atol=1e-12)
    assert [type(m) for m in module.normalizer.modules] == [nn.SpatialSubtractiveNormalization,
                                                             nn.SpatialDivisiveNormalization]


def test_gradients():
    module = nn.SpatialContrastiveNormalization(2, np.ones((3, 3)), 1e-3).astype(np.float64)
    check_module_gradients(module, np.random.default_rng(1).standard_normal((1, 2, 5, 6)))


def test_face_detector_layer_in_float32():
    module = nn.SpatialContrastiveNormalization(1, nn.image_gaussian1d(5))
    y = module.forward(np.random.default_rng(2).uniform(0, 1, (1, 32, 32)).astype(np.float32))
    assert y.dtype == np.float32 and y.shape == (1, 32, 32) and np.isfinite(y).all()


def test_image_gaussians_follow_torch_image():
    np.testing.assert_allclose(nn.image_gaussian1d(), np.exp(-(np.array([-1, 0, 1]) / 0.75) ** 2 / 2), rtol=1e-6)
    g5 = nn.image_gaussian1d(5, dtype=np.float64)
    np.testing.assert_allclose(g5, np.exp(-((np.arange(1, 6) - 3) / 1.25) ** 2 / 2), rtol=1e-12)
    np.testing.assert_allclose(nn.image_gaussian1d(5, normalize=True).sum(), 1, rtol=1e-6)
    np.testing.assert_allclose(nn.image_gaussian(5, dtype=np.float64), np.outer(g5, g5), rtol=1e-12)
    g = nn.image_gaussian(width=5, height=3, sigma_horz=0.3, sigma_vert=0.2, amplitude=2, dtype=np.float64)
    np.testing.assert_allclose(g, 2 * np.outer(nn.image_gaussian1d(3, 0.2, dtype=np.float64),
                                                nn.image_gaussian1d(5, 0.3, dtype=np.float64)), rtol=1e-12)
    assert nn.image_gaussian1d(5, mean=0.3).argmax() == 1  # center = mean * size + 0.5 = 2 (1-based)


def test_errors():
    with pytest.raises(ValueError, match="must have odd sizes"):
        nn.SpatialContrastiveNormalization(1, np.ones(6))
    with pytest.raises(ValueError, match=r"SpatialSubtractiveNormalization.*has 3 channels.*expected 1"):
        nn.SpatialContrastiveNormalization(1).forward(np.zeros((1, 3, 9, 9), np.float32))
