"""LayerNormalization: against numpy and torch's layer_norm (eps = 0), gradients with parameters, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_matches_numpy_and_torch():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 5))
    module = nn.LayerNormalization(5, 0.5, 1e-3).astype(np.float64)
    module.weight[:] = rng.standard_normal(5)
    c = x - x.mean(axis=1, keepdims=True)
    ref = np.sqrt(5) * c / np.sqrt((c * c).sum(axis=1, keepdims=True) + 1e-3) * module.weight + 0.5
    np.testing.assert_allclose(module.forward(x), ref, rtol=1e-12)
    torch = pytest.importorskip("torch")
    exact = nn.LayerNormalization(5, eps=0).astype(np.float64)
    np.testing.assert_allclose(exact.forward(x), torch.nn.functional.layer_norm(torch.tensor(x), (5,), eps=0).numpy(),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("affine, shape", [(True, (3, 5)), (True, (5,)), (False, (1, 5))])
def test_gradients(affine, shape):
    module = nn.LayerNormalization(5, 0.3, 1e-2, affine).astype(np.float64)
    if affine:
        module.weight[:] = np.random.default_rng(1).standard_normal(5)
    check_module_gradients(module, np.random.default_rng(2).standard_normal(shape))


def test_parameters_start_as_torch_nn():
    module = nn.LayerNormalization(4, 0.25)
    np.testing.assert_array_equal(module.weight, 1)
    np.testing.assert_array_equal(module.bias, 0.25)
    assert nn.LayerNormalization(4, affine=False).parameters() == ([], [])


def test_errors():
    with pytest.raises(ValueError, match=r"LayerNormalization.*has 4 features, expected 5"):
        nn.LayerNormalization(5).forward(np.zeros((2, 4), np.float32))
    with pytest.raises(ValueError, match=r"LayerNormalization.*expected a 1-D or 2-D input"):
        nn.LayerNormalization(5).forward(np.zeros((2, 3, 5), np.float32))
