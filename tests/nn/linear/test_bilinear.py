import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("n", [1, 3])
def test_gradients(n, bias):
    m = nn.Bilinear(3, 5, 2, bias=bias).astype(np.float64)
    rng = np.random.default_rng(0)
    check_module_gradients(m, [rng.standard_normal((n, 3)), rng.standard_normal((n, 5))])


def test_forward_matches_torch():
    torch = pytest.importorskip("torch")
    m = nn.Bilinear(4, 3, 5)
    assert m.weight.shape == (5, 4, 3)
    rng = np.random.default_rng(1)
    x1, x2 = rng.standard_normal((7, 4)).astype(np.float32), rng.standard_normal((7, 3)).astype(np.float32)
    ref = torch.nn.functional.bilinear(torch.from_numpy(x1), torch.from_numpy(x2), torch.from_numpy(m.weight),
                                       torch.from_numpy(m.bias)).numpy()
    np.testing.assert_allclose(m.forward([x1, x2]), ref, rtol=1e-5, atol=1e-6)


def test_scale_and_without_bias():
    m = nn.Bilinear(2, 2, 1, bias=False).astype(np.float64)
    assert m.bias is None and len(m.parameters()[0]) == 1
    x = [np.ones((1, 2)), np.full((1, 2), 2.0)]
    m.forward(x)
    m.backward(x, np.ones((1, 1)), 0.5)
    np.testing.assert_allclose(m.grad_weight, np.ones((1, 2, 2)))


def test_reset_bound():
    m = nn.Bilinear(25, 3, 40)
    assert np.abs(m.weight).max() <= 0.2 and np.abs(m.weight).max() > 0.19


def test_bad_tables_are_named():
    m = nn.Bilinear(2, 3, 1)
    with pytest.raises(ValueError, match="expected a table"):
        m.forward(np.ones((2, 2), np.float32))
    with pytest.raises(ValueError, match="same batch"):
        m.forward([np.ones((2, 2), np.float32), np.ones((3, 3), np.float32)])
