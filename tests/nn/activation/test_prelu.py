import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import assert_matches_torch, away_from_kinks


def _with_random_slopes(m, seed=3):
    m.weight[...] = np.random.default_rng(seed).uniform(0.05, 0.6, m.weight.shape)
    return m


def test_gradients_shared_and_per_plane():
    for shape in [(1,), (3, 5), (2, 3, 1, 3)]:
        check_module_gradients(_with_random_slopes(nn.PReLU().astype(np.float64)), away_from_kinks(shape))
    check_module_gradients(_with_random_slopes(nn.PReLU(3).astype(np.float64)), away_from_kinks((2, 3, 1, 3)))
    check_module_gradients(_with_random_slopes(nn.PReLU(5).astype(np.float64)), away_from_kinks((1, 5)))
    check_module_gradients(_with_random_slopes(nn.PReLU(5).astype(np.float64)), away_from_kinks((5,)))


def test_against_torch():
    torch = pytest.importorskip("torch")
    x = away_from_kinks((2, 4, 3, 5)).astype(np.float32)
    m = _with_random_slopes(nn.PReLU(4))
    t = torch.nn.PReLU(4)
    with torch.no_grad():
        t.weight.copy_(torch.tensor(m.weight))
    assert_matches_torch(m, t, x)
    m.zero_grad_parameters()
    gy = np.random.default_rng(1).standard_normal(x.shape).astype(np.float32)
    m.forward(x)
    m.backward(x, gy, 0.5)
    t.weight.grad = None
    t(torch.tensor(x)).backward(torch.tensor(gy))
    np.testing.assert_allclose(m.grad_weight, 0.5 * t.weight.grad.numpy(), rtol=1e-5)


def test_default_is_one_shared_slope():
    m = nn.PReLU()
    assert m.weight.shape == (1,) and m.weight[0] == np.float32(0.25)
    np.testing.assert_allclose(m.forward(np.array([[-4.0, 2.0]], np.float32)), [[-1, 2]])


def test_wrong_planes():
    with pytest.raises(ValueError, match=r"nn.PReLU\(3\): input shape \(2, 4\) has 4 planes \(axis 1\), expected 3"):
        nn.PReLU(3).forward(np.zeros((2, 4), np.float32))
