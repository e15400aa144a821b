import math

import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import forward_backward, randn


@pytest.mark.parametrize("p", [1, 1.5, 2, 3, 4, math.inf])
def test_gradients(p):
    x = randn((3, 5))
    x += np.sign(x) * 0.05
    check_module_gradients(nn.Normalize(p).astype(np.float64), x, rtol=1e-4, atol=1e-6)
    check_module_gradients(nn.Normalize(p).astype(np.float64), x[0], rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("p", [1, 2, 3, math.inf])
def test_against_torch(p):
    torch = pytest.importorskip("torch")
    x = randn((4, 7)).astype(np.float32)
    y, gx, gy = forward_backward(nn.Normalize(p, eps=0), x)
    tx = torch.tensor(x, requires_grad=True)
    ty = torch.nn.functional.normalize(tx, p=p, dim=1, eps=0)
    ty.backward(torch.tensor(gy))
    np.testing.assert_allclose(y, ty.detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(gx, tx.grad.numpy(), rtol=1e-4, atol=1e-5)


def test_bad_arguments():
    with pytest.raises(ValueError, match="p must be > 0"):
        nn.Normalize(0)
    with pytest.raises(ValueError, match=r"nn.Normalize\(2\): expected a 1-D or 2-D input"):
        nn.Normalize(2).forward(np.zeros((2, 3, 4), np.float32))
