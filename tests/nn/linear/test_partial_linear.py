import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _module(bias=True):
    m = nn.PartialLinear(5, 7, bias=bias).astype(np.float64)
    if bias:
        m.bias[...] = np.random.default_rng(9).standard_normal(m.bias.shape)
    return m


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", [(5,), (1, 5), (3, 5)])
def test_gradients_with_a_partition(shape, bias):
    m = _module(bias).set_partition(np.array([6, 0, 3]))
    check_module_gradients(m, np.random.default_rng(0).standard_normal(shape))


def test_forward_matches_the_full_layer_restricted():
    m = _module()
    assert m.weight.shape == (7, 5) and m.bias.shape == (1, 7)
    x = np.random.default_rng(1).standard_normal((4, 5))
    full = x @ m.weight.T + m.bias
    np.testing.assert_allclose(m.forward(x), full, rtol=1e-12)
    m.set_partition(np.array([2, 5]))
    np.testing.assert_allclose(m.forward(x), full[:, [2, 5]], rtol=1e-12)
    m.reset_partition()
    assert m.forward(x).shape == (4, 7)


def test_only_the_partition_gets_gradients():
    m = _module().set_partition(np.array([1, 4]))
    x = np.ones((2, 5))
    m.forward(x)
    m.backward(x, np.ones((2, 2)), 0.5)
    assert set(np.flatnonzero(m.grad_weight.any(axis=1))) == {1, 4}
    np.testing.assert_allclose(m.grad_bias, [[0, 1, 0, 0, 1, 0, 0]])


def test_init_and_bad_partition():
    m = nn.PartialLinear(200, 50)
    assert abs(m.weight.std() - 1) < 0.05 and not m.bias.any()
    with pytest.raises(ValueError, match=r"out of range \[0, 50\)"):
        m.set_partition(np.array([50]))
