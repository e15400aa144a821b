import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shape", [(5,), (1, 5), (3, 5)])
def test_gradients(shape):
    m = nn.Cosine(5, 3).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(0).standard_normal(shape))


def test_forward_matches_torch():
    torch = pytest.importorskip("torch")
    m = nn.Cosine(6, 4).astype(np.float64)
    assert m.weight.shape == (4, 6)
    x = np.random.default_rng(1).standard_normal((3, 6))
    ref = torch.nn.functional.cosine_similarity(torch.from_numpy(x)[:, None, :],
                                                torch.from_numpy(m.weight)[None, :, :], dim=-1).numpy()
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-10)
    np.testing.assert_allclose(m.forward(x[2]), ref[2], rtol=1e-10)


def test_scale_applies_to_the_weight_gradient():
    a = nn.Cosine(3, 2).astype(np.float64)
    b = a.clone()
    x, gy = np.random.default_rng(3).standard_normal((2, 3)), np.ones((2, 2))
    a.forward(x), b.forward(x)
    a.backward(x, gy, 1.0)
    b.backward(x, gy, 0.5)
    np.testing.assert_allclose(b.grad_weight, 0.5 * a.grad_weight)
