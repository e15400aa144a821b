import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shape", [(5,), (1, 5), (3, 5)])
def test_gradients(shape):
    m = nn.Euclidean(5, 3).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(0).standard_normal(shape))


def test_forward_matches_numpy_and_layout():
    m = nn.Euclidean(5, 3).astype(np.float64)
    assert m.weight.shape == (5, 3)
    x = np.random.default_rng(1).standard_normal((4, 5))
    ref = np.linalg.norm(x[:, :, None] - m.weight[None], axis=1)
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-12)
    np.testing.assert_allclose(m.forward(x[1]), ref[1], rtol=1e-12)


def test_forward_matches_torch_cdist():
    torch = pytest.importorskip("torch")
    m = nn.Euclidean(7, 4)
    x = np.random.default_rng(2).standard_normal((3, 7)).astype(np.float32)
    ref = torch.cdist(torch.from_numpy(x), torch.from_numpy(m.weight.T.copy())).numpy()
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-5)


def test_scale_applies_to_the_weight_gradient():
    a, b = nn.Euclidean(3, 2).astype(np.float64), nn.Euclidean(3, 2).astype(np.float64)
    b.weight[...] = a.weight
    x, gy = np.random.default_rng(3).standard_normal((2, 3)), np.ones((2, 2))
    a.forward(x), b.forward(x)
    a.backward(x, gy, 1.0)
    b.backward(x, gy, 0.25)
    np.testing.assert_allclose(b.grad_weight, 0.25 * a.grad_weight)


def test_reset_bound():
    w = nn.Euclidean(100, 30).weight
    assert np.abs(w).max() <= 0.1 and np.abs(w).max() > 0.09


def test_wrong_input_size_is_named():
    with pytest.raises(ValueError, match=r"Euclidean\(5 -> 3\).*expected 5"):
        nn.Euclidean(5, 3).forward(np.ones((2, 4), np.float32))
