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


# THNN's SoftMax family: odd shapes of every accepted rank, (N, C, 1, 1) running the row kernels
SOFTMAX_SHAPES = [(5,), (1, 5), (3, 7), (3, 2, 5), (5, 3, 1), (2, 3, 1, 3), (3, 5, 1, 1), (1, 4, 3, 2)]


def softmax_axis(ndim):
    """The axis THNN's SoftMax normalises: the last of 1-D and 2-D inputs, the channel axis of 3-D and 4-D."""
    return 0 if ndim in (1, 3) else 1


def check_softmax_family(make, torch_make, shapes=SOFTMAX_SHAPES):
    """float64 finite-difference gradients and the PyTorch twin (`torch_make(dim)`) over THNN's axis, on
    every rank 1 to 4, a non-contiguous input included; a 5-D input is refused naming the accepted shapes."""
    from nnlib.testing import check_module_gradients
    for shape in shapes:
        check_module_gradients(make().astype(np.float64), away_from_kinks(shape, ()))
        assert_matches_torch(make(), torch_make(softmax_axis(len(shape))), away_from_kinks(shape, (), seed=3))
    transposed = away_from_kinks((5, 3, 4), (), seed=4).transpose(0, 2, 1)  # a view, not C-contiguous
    m = make().astype(np.float64)
    gy = np.random.default_rng(5).standard_normal(transposed.shape)
    y, gx = m.forward(transposed).copy(), m.backward(transposed, gy.T.copy().T).copy()
    np.testing.assert_array_equal(y, m.forward(transposed.copy()))
    np.testing.assert_array_equal(gx, m.backward(transposed.copy(), gy))
    with pytest.raises(ValueError, match=r"expected a \(C,\), \(N, C\), \(C, H, W\) or \(N, C, H, W\) input "
                                         r"\(normalised over C\), got shape \(1, 2, 3, 4, 5\)"):
        m.forward(np.zeros((1, 2, 3, 4, 5), np.float32))
    with pytest.raises(ValueError, match=r"got shape \(\)"):
        m.forward(np.ones((), np.float64))
