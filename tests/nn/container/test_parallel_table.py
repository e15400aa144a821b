import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _model():
    return nn.ParallelTable(nn.Linear(3, 2), nn.Tanh(), nn.Identity()).astype(np.float64)


@pytest.mark.parametrize("n", [1, 3])
def test_gradients(n):
    rng = np.random.default_rng(0)
    check_module_gradients(_model(), [rng.standard_normal((n, 3)), rng.standard_normal((n, 5)), rng.standard_normal(7)])


def test_child_i_gets_input_i():
    m = _model()
    x = [np.ones((2, 3)), np.full((2, 5), 0.5), np.arange(7.0)]
    y = m.forward(x)
    np.testing.assert_allclose(y[0], x[0] @ m[0].weight.T + m[0].bias)
    np.testing.assert_allclose(y[1], np.tanh(0.5))
    np.testing.assert_array_equal(y[2], x[2])


def test_backward_passes_scale():
    m = _model()
    rng = np.random.default_rng(1)
    x = [rng.standard_normal((2, 3)), rng.standard_normal((2, 5)), rng.standard_normal(7)]
    g = [rng.standard_normal((2, 2)), rng.standard_normal((2, 5)), rng.standard_normal(7)]
    m.forward(x)
    m.zero_grad_parameters()
    m.backward(x, g, 0.25)
    np.testing.assert_allclose(m[0].grad_weight, 0.25 * g[0].T @ x[0])
    np.testing.assert_allclose(m[0].grad_bias, 0.25 * g[0].sum(0))


def test_wrong_number_of_inputs():
    with pytest.raises(ValueError, match=r"nn.ParallelTable: expected a table \(list\) of 3 inputs, one per child, got 2 entries"):
        _model().forward([np.ones((1, 3)), np.ones((1, 5))])
    with pytest.raises(ValueError, match="got ndarray"):
        _model().forward(np.ones((1, 3)))
