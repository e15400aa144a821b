import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import forward_backward, randn


def test_gradients():
    x = randn((3, 1, 5))
    for m in [nn.Sum(), nn.Sum(1), nn.Sum(-1), nn.Sum(0, 2), nn.Sum(2, None, True), nn.Sum(1, squeeze=False)]:
        check_module_gradients(m.astype(np.float64), x)
    check_module_gradients(nn.Sum().astype(np.float64), randn((5,)))


def test_dimension_rules():
    x = randn((2, 3, 4)).astype(np.float32)
    np.testing.assert_allclose(nn.Sum().forward(x), x.sum(0), rtol=1e-6)
    np.testing.assert_allclose(nn.Sum(-1).forward(x), x.sum(-1), rtol=1e-6)
    np.testing.assert_allclose(nn.Sum(0, 2).forward(x), x.sum(1), rtol=1e-6)  # batch of 2-D samples
    np.testing.assert_allclose(nn.Sum(0, 2).forward(x[0]), x[0].sum(0), rtol=1e-6)
    np.testing.assert_allclose(nn.Sum(1, None, True).forward(x), x.mean(1), rtol=1e-6)
    assert nn.Sum(1, squeeze=False).forward(x).shape == (2, 1, 4)
    assert nn.Sum().forward(x[0, 0]).shape == (1,)  # a 1-D input keeps a (1,) result, as Torch7


def test_against_torch():
    torch = pytest.importorskip("torch")
    x = randn((2, 3, 4)).astype(np.float32)
    y, gx, gy = forward_backward(nn.Sum(1, None, True), x)
    tx = torch.tensor(x, requires_grad=True)
    tx.mean(1).backward(torch.tensor(gy))
    np.testing.assert_allclose(gx, tx.grad.numpy(), rtol=1e-6)


def test_out_of_range():
    with pytest.raises(ValueError, match=r"nn.Sum\(3\): dimension 3 is out of range for input shape \(2, 3\)"):
        nn.Sum(3).forward(np.zeros((2, 3), np.float32))
