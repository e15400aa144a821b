import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import forward_backward, randn


def test_gradients():
    x = randn((3, 2, 5))
    for m in [nn.Min(), nn.Min(1), nn.Min(-1), nn.Min(0, 2)]:
        check_module_gradients(m.astype(np.float64), x)


def test_against_torch():
    torch = pytest.importorskip("torch")
    x = randn((3, 4, 5)).astype(np.float32)
    y, gx, gy = forward_backward(nn.Min(1), x)
    tx = torch.tensor(x, requires_grad=True)
    tx.min(1).values.backward(torch.tensor(gy))
    np.testing.assert_array_equal(y, x.min(1))
    np.testing.assert_array_equal(gx, tx.grad.numpy())
