import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shape", [(5,), (1, 3), (4, 3)])
def test_gradients(shape):
    rng = np.random.default_rng(0)
    check_module_gradients(nn.CosineDistance().astype(np.float64), [rng.standard_normal(shape), rng.standard_normal(shape)])


def test_matches_torch_cosine_similarity():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = [rng.standard_normal((3, 5)), rng.standard_normal((3, 5))]
    g = rng.standard_normal(3)
    m = nn.CosineDistance().astype(np.float64)
    y = m.forward(x)
    gx = m.backward(x, g)
    a, b = (torch.tensor(v, requires_grad=True) for v in x)
    out = torch.nn.functional.cosine_similarity(a, b, dim=1)
    out.backward(torch.tensor(g))
    np.testing.assert_allclose(y, out.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(gx[0], a.grad.numpy(), rtol=1e-8)
    np.testing.assert_allclose(gx[1], b.grad.numpy(), rtol=1e-8)


def test_zero_vector_gives_zero_not_nan():
    y = nn.CosineDistance().forward([np.zeros(3, np.float32), np.ones(3, np.float32)])
    assert y.shape == (1,) and y[0] == 0
