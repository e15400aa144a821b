"""Shared inputs and the PyTorch comparison for the activation tests."""
import numpy as np
import pytest

SHAPES = [(1,), (1, 3), (3, 2, 5), (2, 3, 1, 3)]


def away_from_kinks(shape, kinks=(0.0,), seed=0, scale=2.0, gap=0.03):
    """Random float64 values at least `gap` away from every kink (finite differences straddle none)."""
    x = np.random.default_rng(seed).standard_normal(shape) * scale
    for k in kinks:
        near = np.abs(x - k) < gap
        x[near] = k + np.where(x[near] >= k, gap, -gap)
    return x


def assert_matches_torch(module, torch_module, x, rtol=1e-5, atol=1e-6):
    """Forward and backward (random grad_output) of an nnlib module against its PyTorch twin, float32."""
    torch = pytest.importorskip("torch")
    x = np.asarray(x, np.float32)
    y = module.forward(x.copy())
    gy = np.random.default_rng(1).standard_normal(y.shape).astype(np.float32)
    gx = module.backward(x, gy)
    tx = torch.tensor(x, requires_grad=True)
    ty = torch_module(tx)
    ty.backward(torch.tensor(gy))
    np.testing.assert_allclose(y, ty.detach().numpy(), rtol=rtol, atol=atol)
    np.testing.assert_allclose(gx, tx.grad.numpy(), rtol=rtol, atol=atol)


def assert_inplace_matches(make, x):
    """`make(inplace)`: the in-place module gives the same output and gradient as the plain one,
    writes them into the input and grad_output arrays, and leaves the rest to Torch7's rules."""
    x = np.asarray(x, np.float32)
    gy = np.random.default_rng(2).standard_normal(x.shape).astype(np.float32)
    plain = make(False)
    y = plain.forward(x).copy()
    gx = plain.backward(x, gy).copy()
    m = make(True)
    xi, gyi = x.copy(), gy.copy()
    assert m.forward(xi) is xi
    np.testing.assert_array_equal(xi, y)
    assert m.backward(xi, gyi) is gyi
    np.testing.assert_array_equal(gyi, gx)
