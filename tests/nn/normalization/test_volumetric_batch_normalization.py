"""VolumetricBatchNormalization: against torch's batch_norm on 5-D input (training and evaluation), gradients."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 3, 4, 5))
    module = nn.VolumetricBatchNormalization(3).astype(np.float64)
    module.weight[:], module.bias[:] = rng.standard_normal(3), rng.standard_normal(3)
    mean, var = torch.zeros(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64)
    ref = torch.nn.functional.batch_norm(torch.tensor(x), mean, var, torch.tensor(module.weight),
                                         torch.tensor(module.bias), training=True, momentum=0.1, eps=1e-5)
    np.testing.assert_allclose(module.forward(x), ref.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(module.running_mean, mean.numpy(), rtol=1e-10)
    np.testing.assert_allclose(module.running_var, var.numpy(), rtol=1e-10)
    module.evaluate()
    ref = torch.nn.functional.batch_norm(torch.tensor(x), mean, var, torch.tensor(module.weight),
                                         torch.tensor(module.bias), training=False, eps=1e-5)
    np.testing.assert_allclose(module.forward(x), ref.numpy(), rtol=1e-10, atol=1e-12)


def test_gradients():
    module = nn.VolumetricBatchNormalization(2).astype(np.float64)
    check_module_gradients(module, np.random.default_rng(1).standard_normal((2, 2, 3, 1, 3)))


def test_errors():
    with pytest.raises(ValueError, match=r"VolumetricBatchNormalization.*expected a 5-D input"):
        nn.VolumetricBatchNormalization(3).forward(np.zeros((2, 3, 4, 4), np.float32))
