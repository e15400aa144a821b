import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shape", [(5,), (3, 5)])
def test_gradients_around_linear(shape):
    m = nn.WeightNorm(nn.Linear(5, 3)).astype(np.float64)
    m.module.bias[...] = np.random.default_rng(5).standard_normal(3)
    check_module_gradients(m, np.random.default_rng(0).standard_normal(shape))


def test_gradients_with_another_output_axis():
    # Euclidean's weight is (in, out): its output units are axis 1
    m = nn.WeightNorm(nn.Euclidean(4, 3), out_dim=1).astype(np.float64)
    assert m.v.shape == (3, 4)
    check_module_gradients(m, np.random.default_rng(1).standard_normal((2, 4)))


def test_parameters_are_v_g_and_the_bias():
    m = nn.WeightNorm(nn.Linear(5, 3))
    params, _ = m.parameters()
    assert [p.shape for p in params] == [(3, 5), (3,), (3,)]
    assert params[2] is m.module.bias and not m.module.bias.any()


def test_weight_is_g_times_direction():
    torch = pytest.importorskip("torch")
    m = nn.WeightNorm(nn.Linear(5, 3), out_dim=-2).astype(np.float64)
    m.g[...] = [1.0, 2.0, 3.0]
    x = np.random.default_rng(2).standard_normal((4, 5))
    out = m.forward(x)
    v, g = torch.from_numpy(m.v), torch.from_numpy(m.g)[:, None]
    w = torch._weight_norm(v, g, 0).numpy()  # PyTorch's w = g v / ||v||; nnlib adds 1e-4 under the root
    np.testing.assert_allclose(m.module.weight, w, rtol=1e-4)
    np.testing.assert_allclose(out, x @ m.module.weight.T + m.module.bias, rtol=1e-12)


def test_needs_a_weight():
    with pytest.raises(ValueError, match="no weight parameter"):
        nn.WeightNorm(nn.Tanh())
