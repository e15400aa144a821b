import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("n", [1, 3])
def test_gradients(n):
    m = nn.ConcatTable(nn.Linear(5, 3), nn.Sequential(nn.Linear(5, 2), nn.Sigmoid()), nn.Identity())
    check_module_gradients(m.astype(np.float64), np.random.default_rng(0).standard_normal((n, 5)))


def test_output_is_a_list_of_child_outputs():
    m = nn.ConcatTable(nn.Identity(), nn.ReLU())
    x = np.array([[-1.0, 2.0]], dtype=np.float32)
    y = m.forward(x)
    assert isinstance(y, list) and len(y) == 2
    np.testing.assert_array_equal(y[0], x)
    np.testing.assert_array_equal(y[1], [[0.0, 2.0]])


def test_table_input_gradients_are_summed_per_entry():
    m = nn.ConcatTable(nn.Identity(), nn.Identity())
    x = [np.ones(3), np.ones((2, 2))]
    m.forward(x)
    g = [[np.full(3, 1.0), np.full((2, 2), 2.0)], [np.full(3, 10.0), np.full((2, 2), 20.0)]]
    gx = m.backward(x, g)
    np.testing.assert_array_equal(gx[0], np.full(3, 11.0))
    np.testing.assert_array_equal(gx[1], np.full((2, 2), 22.0))
    np.testing.assert_array_equal(g[0][0], np.full(3, 1.0))  # the children's gradients are not modified


def test_table_input_gradient_check():
    m = nn.ConcatTable(nn.JoinTable(1), nn.CAddTable()).astype(np.float64)
    rng = np.random.default_rng(1)
    check_module_gradients(m, [rng.standard_normal((3, 2)), rng.standard_normal((3, 2))])


def test_shared_child_weights_accumulate_both_uses():
    a = nn.Linear(4, 3).astype(np.float64)
    b = a.clone("weight", "bias")
    m = nn.ConcatTable(a, b)
    x = np.random.default_rng(2).standard_normal((2, 4))
    check_module_gradients(m, x)
    m.zero_grad_parameters()
    m.forward(x)
    g = [np.ones((2, 3)), np.ones((2, 3))]
    m.backward(x, g, 0.5)
    np.testing.assert_allclose(a.grad_weight, 2 * 0.5 * np.ones((3, 2)) @ x)
    assert a.grad_weight is b.grad_weight


def test_wrong_grad_output_length():
    m = nn.ConcatTable(nn.Identity(), nn.Identity())
    x = np.ones((2, 3), dtype=np.float32)
    m.forward(x)
    with pytest.raises(ValueError, match=r"nn.ConcatTable: expected a table of 2 entries as grad_output, got 1"):
        m.backward(x, [x])


def test_repr():
    assert repr(nn.ConcatTable(nn.Identity(), nn.Tanh())) == (
        "nn.ConcatTable {\n  input\n    |`-> (1): nn.Identity\n     `-> (2): nn.Tanh\n     ... -> output\n}")


def test_same_module_twice_accumulates_both_uses():
    lin = nn.Linear(3, 2).astype(np.float64)
    check_module_gradients(nn.ConcatTable(lin, lin), np.random.default_rng(3).standard_normal((2, 3)))
