import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shape", [(3,), (1, 5), (2, 1, 3)])
def test_gradients(shape):
    rng = np.random.default_rng(0)
    denominator = rng.uniform(0.5, 2.0, shape) * rng.choice([-1, 1], shape)
    check_module_gradients(nn.CDivTable().astype(np.float64), [rng.standard_normal(shape), denominator])


def test_quotient_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = [rng.standard_normal((2, 3)), rng.uniform(1, 2, (2, 3))]
    g = rng.standard_normal((2, 3))
    m = nn.CDivTable().astype(np.float64)
    y = m.forward(x)
    gx = m.backward(x, g)
    a, b = (torch.tensor(v, requires_grad=True) for v in x)
    out = a / b
    out.backward(torch.tensor(g))
    np.testing.assert_allclose(y, out.detach().numpy())
    np.testing.assert_allclose(gx[0], a.grad.numpy())
    np.testing.assert_allclose(gx[1], b.grad.numpy())
