"""The examples of torch/nn's doc/module.md, translated to nnlib (0-based indices,
snake_case methods), asserting the results the page documents."""

import numpy as np

import nnlib
from nnlib import nn

f32 = np.float32


def test_update_parameters_rule():
    # parameters = parameters - learningRate * gradients_wrt_parameters
    nnlib.manual_seed(0)
    m = nn.Linear(3, 2)
    x, go = np.ones(3, f32), np.array([1, -2], f32)
    m.forward(x)
    m.zero_grad_parameters()
    m.backward(x, go)
    w, b = m.weight.copy(), m.bias.copy()
    m.update_parameters(0.1)
    np.testing.assert_allclose(m.weight, w - 0.1 * m.grad_weight, rtol=1e-6)
    np.testing.assert_allclose(m.bias, b - 0.1 * m.grad_bias, rtol=1e-6)


def test_acc_update_grad_parameters_rule():
    # accUpdateGradParameters: accGradParameters with the weights as gradients and scale -lr.
    nnlib.manual_seed(0)
    m = nn.Linear(3, 2)
    x, go = np.arange(3, dtype=f32), np.array([1, -2], f32)
    m.forward(x)
    w, b = m.weight.copy(), m.bias.copy()
    m.zero_grad_parameters()
    m.acc_update_grad_parameters(x, go, 0.1)
    np.testing.assert_allclose(m.weight, w - 0.1 * np.outer(go, x), rtol=1e-6)
    np.testing.assert_allclose(m.bias, b - 0.1 * go, rtol=1e-6)
    assert not m.grad_weight.any() and not m.grad_bias.any()


def _mlp():
    mlp = nn.Sequential()
    mlp.add(nn.Linear(100, 10))
    return mlp


def test_share_bias():
    mlp1, mlp2 = _mlp(), _mlp()
    mlp2.share(mlp1, "bias")
    mlp1.get(0).bias[0] = 99  # Torch7's bias[1]
    assert mlp2.get(0).bias[0] == 99
    assert not np.shares_memory(mlp2.get(0).weight, mlp1.get(0).weight)


def test_clone_sharing_weight_and_bias():
    mlp1 = _mlp()
    mlp2 = mlp1.clone("weight", "bias")
    mlp1.get(0).bias[0] = 99
    assert mlp2.get(0).bias[0] == 99
    mlp1.get(0).weight[0, 0] = 7
    assert mlp2.get(0).weight[0, 0] == 7


def test_type_cast_keeps_sharing():
    # Torch7's nn.utils.recursiveType({mlp1, mlp2}, 'torch.FloatTensor'): cast both
    # together (here, in one container) and the bias stays shared.
    mlp1, mlp2 = _mlp(), _mlp()
    mlp2.share(mlp1, "bias")
    both = nn.Container(mlp1, mlp2)
    both.double()
    assert mlp1.get(0).bias.dtype == np.float64
    assert np.shares_memory(mlp1.get(0).bias, mlp2.get(0).bias)
    mlp1.get(0).bias[0] = 99
    assert mlp2.get(0).bias[0] == 99


def _multi_resolution_model():
    model = nn.ParallelTable()
    for _ in range(2):
        bank = nn.Sequential()
        bank.add(nn.SpatialConvolution(3, 4, 5, 5))  # the doc's 16 planes, shrunk
        bank.add(nn.Threshold())
        model.add(bank)
    return model


def test_find_modules():
    nnlib.manual_seed(0)
    model = _multi_resolution_model()
    rng = np.random.default_rng(0)
    inp = [rng.random((3, 13, 13)).astype(f32), rng.random((3, 9, 9)).astype(f32)]  # 128/64 shrunk
    model.forward(inp)
    conv_nodes, _ = model.find_modules("nn.SpatialConvolution")
    assert [c.output.shape for c in conv_nodes] == [(4, 9, 9), (4, 5, 5)]


def test_find_modules_containers_for_replacement():
    nnlib.manual_seed(0)
    model = _multi_resolution_model()
    threshold_nodes, container_nodes = model.find_modules("nn.Threshold")
    assert len(threshold_nodes) == 2
    for node, container in zip(threshold_nodes, container_nodes):
        for j, m in enumerate(container.modules):
            if m is node:
                container.modules[j] = nn.Tanh()
    assert model.find_modules("nn.Threshold")[0] == []
    assert len(model.find_modules("nn.Tanh")[0]) == 2
    out = model.forward([np.ones((3, 7, 7), f32), np.ones((3, 6, 6), f32)])
    assert np.all(np.abs(out[0]) < 1) and out[1].shape == (4, 2, 2)


def test_list_modules():
    mlp = nn.Sequential()
    mlp.add(nn.Linear(10, 20))
    mlp.add(nn.Tanh())
    mlp2 = nn.Parallel(0, 0)  # the doc omits Parallel's dimensions (nil there)
    mlp2.add(mlp)
    mlp2.add(nn.ReLU())
    mods = mlp2.list_modules()
    assert [repr(m) for m in mods[1:]] == [
        "nn.Sequential {\n  [input -> (1) -> (2) -> output]\n  (1): nn.Linear(10 -> 20)\n  (2): nn.Tanh\n}",
        "nn.Linear(10 -> 20)", "nn.Tanh", "nn.ReLU"]
    assert mods[0] is mlp2
    # The doc's printout (from an older Parallel) draws the last branch as "|`->";
    # Torch7's Parallel.lua, the specification, draws it as " `->", as nnlib does.
    assert repr(mlp2).splitlines() == [
        "nn.Parallel {",
        "  input",
        "    |`-> (1): nn.Sequential {",
        "    |      [input -> (1) -> (2) -> output]",
        "    |      (1): nn.Linear(10 -> 20)",
        "    |      (2): nn.Tanh",
        "    |    }",
        "     `-> (2): nn.ReLU",
        "     ... -> output",
        "}"]


def test_apply_sets_train():
    model = nn.Sequential(nn.Linear(2, 2), nn.Dropout())
    model.evaluate()
    model.apply(lambda module: setattr(module, "train", True))
    assert all(m.train for m in model.list_modules())


def test_replace_dropout_by_identity():
    model = nn.Sequential(nn.Linear(2, 3), nn.Dropout(), nn.Sequential(nn.Dropout(), nn.Tanh()))
    model = model.replace(lambda module: nn.Identity() if isinstance(module, nn.Dropout) else module)
    assert model.find_modules("nn.Dropout")[0] == []
    assert len(model.find_modules("nn.Identity")[0]) == 2
