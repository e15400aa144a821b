import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _model(in_dim, out_dim):
    return nn.Parallel(in_dim, out_dim, nn.Linear(3, 2), nn.Tanh(), nn.Linear(3, 4)).astype(np.float64)


@pytest.mark.parametrize("in_dim,shape,out_dim", [(1, (2, 3, 3), 1), (0, (3, 1, 3), 1), (-2, (5, 3, 3), -1)])
def test_gradients(in_dim, shape, out_dim):
    check_module_gradients(_model(in_dim, out_dim), np.random.default_rng(0).standard_normal(shape))


def test_child_i_gets_slice_i_and_outputs_join():
    # Torch7's Parallel(2, 2) on (N, 3 children, 3): 0-based Parallel(1, 1)
    m = _model(1, 1)
    x = np.random.default_rng(1).standard_normal((2, 3, 3))
    y = m.forward(x)
    np.testing.assert_allclose(y, np.concatenate([x[:, 0] @ m[0].weight.T + m[0].bias, np.tanh(x[:, 1]),
                                                  x[:, 2] @ m[2].weight.T + m[2].bias], axis=1))
    g = np.ones_like(y)
    gx = m.backward(x, g)
    np.testing.assert_allclose(gx[:, 1], 1 - np.tanh(x[:, 1]) ** 2)
    np.testing.assert_allclose(gx[:, 0], np.ones((2, 2)) @ m[0].weight)


def test_wrong_number_of_slices_and_repr():
    m = _model(1, 1)
    with pytest.raises(ValueError, match=r"nn.Parallel: input shape \(2, 2, 3\) has 2 slices along dim 1, expected 3"):
        m.forward(np.ones((2, 2, 3)))
    assert repr(m).startswith("nn.Parallel {\n  input\n    |`-> (1): nn.Linear(3 -> 2)")
