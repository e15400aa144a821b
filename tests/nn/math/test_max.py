import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import forward_backward, randn


def test_gradients():
    x = randn((3, 2, 5))
    for m in [nn.Max(), nn.Max(1), nn.Max(-1), nn.Max(0, 2)]:
        check_module_gradients(m.astype(np.float64), x)
    check_module_gradients(nn.Max().astype(np.float64), randn((5,)))


def test_against_torch():
    torch = pytest.importorskip("torch")
    x = randn((3, 4, 5)).astype(np.float32)
    for dim in (0, 1, 2):
        y, gx, gy = forward_backward(nn.Max(dim), x)
        tx = torch.tensor(x, requires_grad=True)
        ty = tx.max(dim).values
        ty.backward(torch.tensor(gy))
        np.testing.assert_array_equal(y, ty.detach().numpy())
        np.testing.assert_array_equal(gx, tx.grad.numpy())


def test_one_dimensional_and_batch_rule():
    x = np.array([1.0, 5.0, 2.0], np.float32)
    assert nn.Max().forward(x).tolist() == [5.0]
    x2 = randn((2, 3)).astype(np.float32)
    np.testing.assert_array_equal(nn.Max(0, 1).forward(x2), x2.max(1))
