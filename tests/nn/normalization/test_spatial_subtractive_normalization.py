"""SpatialSubtractiveNormalization: against torch/nn's composition in PyTorch (forward and autograd),
1-D and 2-D kernels, edge coefficients, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

KERNELS = [nn.image_gaussian1d(5, dtype=np.float64), np.ones((3, 5)), np.linspace(0.2, 1, 15).reshape(5, 3)]


@pytest.mark.parametrize("kernel", KERNELS, ids=["gaussian1d", "ones3x5", "ramp5x3"])
@pytest.mark.parametrize("shape", [(2, 3, 7, 6), (3, 4, 9)])
def test_matches_torch_composition(kernel, shape):
    torch = pytest.importorskip("torch")
    from ._torch_local_norm import subtractive
    x = np.random.default_rng(0).standard_normal(shape)
    module = nn.SpatialSubtractiveNormalization(3, kernel).astype(np.float64)
    xt = torch.tensor(x if x.ndim == 4 else x[None], requires_grad=True)
    ref = subtractive(xt, kernel, 3)
    g = np.random.default_rng(1).standard_normal(shape)
    ref.backward(torch.tensor(g.reshape(ref.shape)))
    np.testing.assert_allclose(module.forward(x), ref.detach().numpy().reshape(shape), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(module.backward(x, g), xt.grad.numpy().reshape(shape), rtol=1e-12, atol=1e-12)


def test_constant_image_becomes_zero_up_to_the_borders():
    y = nn.SpatialSubtractiveNormalization(2, nn.image_gaussian1d(5)).forward(np.full((2, 6, 7), 3, np.float32))
    np.testing.assert_allclose(y, 0, atol=1e-5)


@pytest.mark.parametrize("kernel", KERNELS[:2], ids=["gaussian1d", "ones3x5"])
def test_gradients(kernel):
    check_module_gradients(nn.SpatialSubtractiveNormalization(2, kernel).astype(np.float64),
                           np.random.default_rng(2).standard_normal((1, 2, 5, 4)))


def test_float32_default_kernel():
    y = nn.SpatialSubtractiveNormalization().forward(np.random.default_rng(3).standard_normal((1, 1, 10, 11)).astype(np.float32))
    assert y.dtype == np.float32 and y.shape == (1, 1, 10, 11)


def test_errors():
    with pytest.raises(ValueError, match="must have odd sizes"):
        nn.SpatialSubtractiveNormalization(1, np.ones(4))
    with pytest.raises(ValueError, match="must be 1-D or 2-D"):
        nn.SpatialSubtractiveNormalization(1, np.ones((3, 3, 3)))
    with pytest.raises(ValueError, match=r"SpatialSubtractiveNormalization.*has 2 channels.*expected 3"):
        nn.SpatialSubtractiveNormalization(3).forward(np.zeros((1, 2, 5, 5), np.float32))
