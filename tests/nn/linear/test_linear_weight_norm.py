import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", [(5,), (1, 5), (3, 5)])
def test_gradients(shape, bias):
    m = nn.LinearWeightNorm(5, 3, bias=bias).astype(np.float64)
    m.g[...] = np.random.default_rng(4).uniform(0.5, 2.0, m.g.shape)
    check_module_gradients(m, np.random.default_rng(0).standard_normal(shape))


def test_weight_is_g_times_direction_and_the_forward_is_linears():
    m = nn.LinearWeightNorm(5, 3).astype(np.float64)
    params, _ = m.parameters()
    assert [p.shape for p in params] == [(3, 5), (3, 1), (3,)]
    m.g[...] = [[1.0], [2.0], [3.0]]
    x = np.random.default_rng(1).standard_normal((4, 5))
    out = m.forward(x)
    w = m.g * m.v / np.linalg.norm(m.v, axis=1, keepdims=True)
    np.testing.assert_allclose(m.weight, w, rtol=1e-12)
    np.testing.assert_allclose(out, x @ w.T + m.bias, rtol=1e-12)


def test_linear_round_trip_and_init_keeps_the_weight():
    lin = nn.Linear(4, 2).astype(np.float64)
    wn = nn.LinearWeightNorm.from_linear(lin)
    x = np.random.default_rng(2).standard_normal((3, 4))
    np.testing.assert_allclose(wn.forward(x), lin.forward(x), rtol=1e-12)
    np.testing.assert_allclose(wn.to_linear().forward(x), lin.forward(x), rtol=1e-12)
    fresh = nn.LinearWeightNorm(100, 3)
    assert np.abs(fresh.v).max() <= 0.1 and np.allclose(fresh.g[:, 0], np.linalg.norm(fresh.v, axis=1))


def test_evaluate_freezes_the_weight():
    m = nn.LinearWeightNorm(3, 2).astype(np.float64)
    m.forward(np.ones(3))
    m.evaluate()
    before = m.weight.copy()
    m.g *= 2
    m.forward(np.ones(3))
    np.testing.assert_array_equal(m.weight, before)


def test_forward_and_gradients_match_torch_weight_norm():
    torch = pytest.importorskip("torch")
    m = nn.LinearWeightNorm(4, 3).astype(np.float64)
    m.g[...] = [[0.5], [1.5], [2.0]]
    x = np.random.default_rng(5).standard_normal((2, 4))
    gy = np.random.default_rng(6).standard_normal((2, 3))
    out = m.forward(x)
    m.backward(x, gy)
    v = torch.tensor(m.v, requires_grad=True)
    g = torch.tensor(m.g, requires_grad=True)
    b = torch.tensor(m.bias, requires_grad=True)
    ref = torch.nn.functional.linear(torch.from_numpy(x), torch._weight_norm(v, g, 0), b)
    ref.backward(torch.from_numpy(gy))
    np.testing.assert_allclose(out, ref.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(m.grad_v, v.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(m.grad_g, g.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(m.grad_bias, b.grad.numpy(), rtol=1e-12)
