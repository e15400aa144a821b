"""nnlib.nngraph: graphs built by calling modules on nodes, checked against numpy and by finite differences."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.nngraph import Node, gModule
from nnlib.testing import check_module_gradients


def _graph():
    """Two inputs, two outputs; a fan-out (h feeds two nodes), a split, a table-valued node."""
    x1, x2 = nn.Identity()(), nn.Identity()()
    lin1, lin2 = nn.Linear(3, 5), nn.Linear(2, 5)
    h = nn.Tanh()(lin1(x1))
    a, b = nn.ConcatTable(nn.Identity(), nn.Sigmoid())(h).split(2)
    y = nn.CAddTable()([a, b, lin2(x2)])
    return gModule([x1, x2], [y, h]), lin1, lin2


def test_forward_matches_numpy():
    g, lin1, lin2 = _graph()
    rng = np.random.default_rng(0)
    x1, x2 = rng.standard_normal((3, 3)).astype(np.float32), rng.standard_normal((3, 2)).astype(np.float32)
    y, h = g.forward([x1, x2])
    h_ref = np.tanh(x1 @ lin1.weight.T + lin1.bias)
    np.testing.assert_allclose(h, h_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(y, h_ref + 1 / (1 + np.exp(-h_ref)) + x2 @ lin2.weight.T + lin2.bias,
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("batch", [1, 3])
def test_gradients_inputs_and_parameters(batch):
    g, _, _ = _graph()
    g.astype(np.float64)
    rng = np.random.default_rng(1)
    check_module_gradients(g, [rng.standard_normal((batch, 3)), rng.standard_normal((batch, 2))])


def test_a_single_input_and_an_unused_split_output_get_gradients():
    x = nn.Identity()()
    first, _ = nn.SplitTable(1)(x).split(2)
    g = gModule(x, nn.Linear(3, 2)(first)).astype(np.float64)
    inp = np.random.default_rng(2).standard_normal((3, 2, 3))
    check_module_gradients(g, inp)
    g.forward(inp)
    gi = g.backward(inp, np.ones((3, 2)))
    assert gi.shape == inp.shape and not gi[:, 1].any()


def test_shared_weights_accumulate_their_gradients():
    # as in Torch7's nngraph, a module instance runs at one node; weight sharing goes through clones
    x = nn.Identity()()
    shared = nn.Linear(2, 2)
    twin = shared.clone("weight", "bias")
    g = gModule(x, nn.CAddTable()([twin(nn.Tanh()(shared(x))), x])).astype(np.float64)
    assert len(g.parameters()[0]) == 2
    check_module_gradients(g, np.random.default_rng(3).standard_normal((2, 2)))


def test_calling_modules_still_runs_them_on_arrays_and_tables():
    x = np.ones((2, 3), np.float32)
    assert nn.Tanh()(x).shape == (2, 3)
    assert nn.CAddTable()([x, x])[0, 0] == 2
    node = nn.Tanh()(nn.Identity()())
    assert isinstance(node, Node) and isinstance(node.parents[0], Node)


def test_bad_graphs_are_refused():
    x = nn.Identity()()
    h = nn.Tanh()(x)
    with pytest.raises(ValueError, match="has inputs of its own"):
        gModule([h], [h])
    with pytest.raises(ValueError, match="does not lead to any output"):
        gModule([x, nn.Identity()()], [h])
    with pytest.raises(ValueError, match="has no inputs but is not one of the graph's inputs"):
        gModule([x], [nn.CAddTable()([h, nn.Identity()()])])
    with pytest.raises(ValueError, match="non-empty list of nngraph nodes"):
        gModule([x], [])
    a = Node(nn.Tanh())
    b = Node(nn.Tanh(), [a])
    a.parents.append(b)
    with pytest.raises(ValueError, match="cycle"):
        gModule([x], [b])
    with pytest.raises(TypeError, match="inputs must be nodes"):
        Node(nn.Tanh(), [np.zeros(2)])
    g = gModule(x, h)
    with pytest.raises(RuntimeError, match="call forward first"):
        g.update_grad_input(np.zeros((1, 2)), np.zeros((1, 2)))
