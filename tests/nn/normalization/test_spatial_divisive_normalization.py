"""SpatialDivisiveNormalization: against torch/nn's composition in PyTorch (forward and autograd),
1-D and 2-D kernels, the threshold, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

KERNELS = [nn.image_gaussian1d(5, dtype=np.float64), np.ones((3, 5)), np.linspace(0.2, 1, 15).reshape(5, 3)]


@pytest.mark.parametrize("kernel", KERNELS, ids=["gaussian1d", "ones3x5", "ramp5x3"])
@pytest.mark.parametrize("shape", [(2, 3, 7, 6), (3, 4, 9)])
def test_matches_torch_composition(kernel, shape):
    torch = pytest.importorskip("torch")
    from ._torch_local_norm import divisive
    x = np.random.default_rng(0).standard_normal(shape)
    x[..., :2, :3] = 1e-6  # a quiet corner: its std falls under the threshold there
    module = nn.SpatialDivisiveNormalization(3, kernel, 1e-2, 0.5).astype(np.float64)
    xt = torch.tensor(x if x.ndim == 4 else x[None], requires_grad=True)
    ref = divisive(xt, kernel, 3, 1e-2, 0.5)
    g = np.random.default_rng(1).standard_normal(shape)
    ref.backward(torch.tensor(g.reshape(ref.shape)))
    np.testing.assert_allclose(module.forward(x), ref.detach().numpy().reshape(shape), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(module.backward(x, g), xt.grad.numpy().reshape(shape), rtol=1e-12, atol=1e-12)


def test_thresval_defaults_to_threshold():
    module = nn.SpatialDivisiveNormalization(1, np.ones((3, 3)), 0.5)
    assert module.thresval == 0.5
    np.testing.assert_allclose(module.forward(np.zeros((1, 4, 4), np.float32)), 0)


@pytest.mark.parametrize("kernel", KERNELS[:2], ids=["gaussian1d", "ones3x5"])
def test_gradients(kernel):
    check_module_gradients(nn.SpatialDivisiveNormalization(2, kernel).astype(np.float64),
                           np.random.default_rng(2).standard_normal((1, 2, 5, 4)))


def test_errors():
    with pytest.raises(ValueError, match="must have odd sizes"):
        nn.SpatialDivisiveNormalization(1, np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"SpatialDivisiveNormalization.*NCHW"):
        nn.SpatialDivisiveNormalization(1).forward(np.zeros((5, 5), np.float32))
