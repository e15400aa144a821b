import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _concat():
    return nn.Concat(1, nn.Linear(5, 3), nn.Sequential(nn.Linear(5, 2), nn.Tanh())).astype(np.float64)


@pytest.mark.parametrize("n", [1, 3])
def test_gradients(n):
    x = np.random.default_rng(0).standard_normal((n, 5))
    check_module_gradients(_concat(), x)


def test_output_is_children_concatenated():
    m = _concat()
    x = np.random.default_rng(1).standard_normal((3, 5))
    y = m.forward(x)
    np.testing.assert_array_equal(y, np.concatenate([m[0].output, m[1].output], axis=1))


def test_nchw_channel_concat_and_negative_dim():
    x = np.random.default_rng(2).standard_normal((2, 3, 4, 5)).astype(np.float32)
    y = nn.Concat(1, nn.Identity(), nn.ReLU()).forward(x)
    assert y.shape == (2, 6, 4, 5)
    np.testing.assert_array_equal(y[:, :3], x)
    np.testing.assert_array_equal(y[:, 3:], np.maximum(x, 0))
    assert nn.Concat(-1, nn.Identity(), nn.Identity()).forward(x).shape == (2, 3, 4, 10)


def test_grad_input_sums_children_and_identity_children_are_not_aliased():
    m = nn.Concat(1, nn.Identity(), nn.Identity())
    x = np.ones((2, 3), dtype=np.float32)
    m.forward(x)
    g = np.arange(12, dtype=np.float32).reshape(2, 6)
    gx = m.backward(x, g)
    np.testing.assert_array_equal(gx, g[:, :3] + g[:, 3:])
    np.testing.assert_array_equal(g, np.arange(12).reshape(2, 6))


def test_backward_passes_scale_and_accumulates():
    m = _concat()
    x = np.random.default_rng(3).standard_normal((3, 5))
    g = np.random.default_rng(4).standard_normal((3, 5))
    m.forward(x)
    m.zero_grad_parameters()
    m.backward(x, g, 1.0)
    once = [a.copy() for a in m.parameters()[1]]
    m.zero_grad_parameters()
    m.backward(x, g, 0.5)
    m.backward(x, g, 0.5)
    for a, b in zip(once, m.parameters()[1]):
        np.testing.assert_allclose(b, a, rtol=1e-12)
    m.zero_grad_parameters()
    m.update_grad_input(x, g)
    m.acc_grad_parameters(x, g, 2.0)
    for a, b in zip(once, m.parameters()[1]):
        np.testing.assert_allclose(b, 2 * a, rtol=1e-12)


def test_mismatched_children_give_clear_error():
    m = nn.Concat(0, nn.Linear(5, 3), nn.Identity())
    with pytest.raises(ValueError, match=r"nn.Concat: child outputs \[\(2, 3\), \(2, 5\)\] differ outside dim 0"):
        m.forward(np.ones((2, 5), dtype=np.float32))


def test_repr_is_a_torch_tree():
    m = nn.Concat(1, nn.Linear(5, 3), nn.Sequential(nn.Linear(5, 2), nn.Tanh()))
    assert repr(m) == (
        "nn.Concat {\n"
        "  input\n"
        "    |`-> (1): nn.Linear(5 -> 3)\n"
        "     `-> (2): nn.Sequential {\n"
        "           [input -> (1) -> (2) -> output]\n"
        "           (1): nn.Linear(5 -> 2)\n"
        "           (2): nn.Tanh\n"
        "         }\n"
        "     ... -> output\n"
        "}")


def test_same_module_twice_accumulates_both_uses():
    lin = nn.Linear(3, 2).astype(np.float64)
    check_module_gradients(nn.Concat(1, lin, lin), np.random.default_rng(3).standard_normal((2, 3)))
