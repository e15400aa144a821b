"""The Module contract of nnlib/nn/module.py: parameters, sharing, cloning, modes, dpnn helpers, errors."""
import numpy as np
import pytest

import nnlib
from nnlib import nn


def _mlp():
    return nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))


def _step(model, x, lr=0.1):
    model.zero_grad_parameters()
    y = model.forward(x)
    model.backward(x, np.ones_like(y))
    model.update_parameters(lr)


# -- get_parameters -----------------------------------------------------------
def test_get_parameters_is_flat_and_parameters_are_views():
    m = _mlp()
    before = [p.copy() for p in m.parameters()[0]]
    flat, gflat = m.get_parameters()
    assert flat.ndim == gflat.ndim == 1 and flat.size == gflat.size == 3 * 4 + 4 + 4 * 2 + 2
    np.testing.assert_array_equal(flat, np.concatenate([p.ravel() for p in before]))
    for p, g in zip(*m.parameters()):
        assert np.shares_memory(p, flat) and np.shares_memory(g, gflat)


def test_changing_the_flat_array_changes_the_modules():
    m = _mlp()
    flat, gflat = m.get_parameters()
    flat[:] = 0.5
    np.testing.assert_array_equal(m[0].weight, np.full((4, 3), 0.5))
    np.testing.assert_array_equal(m[2].bias, np.full(2, 0.5))
    x = np.ones((2, 3), np.float32)
    m.zero_grad_parameters()
    m.backward(x, np.ones_like(m.forward(x)))
    np.testing.assert_array_equal(gflat[-2:], m[2].grad_bias)
    assert gflat.any()
    m.update_parameters(1.0)  # in place: the flat array sees the step
    np.testing.assert_array_equal(flat[-2:], 0.5 - m[2].grad_bias)


def test_get_parameters_twice_returns_the_same_arrays_and_keeps_sharing():
    a, b = nn.Linear(3, 3), nn.Linear(3, 3)
    b.share(a, "weight", "bias")
    m = nn.Sequential(a, nn.Tanh(), b, nn.Linear(3, 2))
    flat, gflat = m.get_parameters()
    assert flat.size == 12 + 8  # the shared weight and bias occupy one slot
    weight = a.weight
    again = m.get_parameters()
    assert again[0] is flat and again[1] is gflat
    assert a.weight is weight and b.weight is a.weight and b.grad_bias is a.grad_bias
    assert np.shares_memory(b.weight, flat) and np.shares_memory(b.grad_weight, gflat)


# -- share -----------------------------------------------------------------------
def test_shared_parameter_appears_once_and_is_updated_once():
    a = nn.Linear(3, 3)
    b = nn.Linear(3, 3).share(a, "weight", "bias")
    m = nn.Sequential(a, b)
    params, grads = m.parameters()
    assert len(params) == 2 and len(grads) == 2
    x = np.random.default_rng(0).standard_normal((2, 3)).astype(np.float32)
    w0 = a.weight.copy()
    m.zero_grad_parameters()
    m.forward(x)
    m.backward(x, np.ones((2, 3), np.float32))
    g = a.grad_weight.copy()
    m.update_parameters(0.1)
    np.testing.assert_allclose(a.weight, w0 - 0.1 * g, rtol=1e-6)  # not k times


def test_gradients_of_shared_uses_add_up():
    a = nn.Linear(3, 2).astype(np.float64)
    b = a.clone("weight", "bias")
    x1, x2 = np.random.default_rng(1).standard_normal((2, 4, 3))
    g1, g2 = np.random.default_rng(2).standard_normal((2, 4, 2))
    a.zero_grad_parameters()
    a.forward(x1)
    a.backward(x1, g1)
    b.forward(x2)
    b.backward(x2, g2)
    np.testing.assert_allclose(a.grad_weight, g1.T @ x1 + g2.T @ x2)
    np.testing.assert_allclose(b.grad_bias, g1.sum(0) + g2.sum(0))


def test_share_accepts_grad_names_and_rejects_different_structures():
    a, b = nn.Linear(2, 2), nn.Linear(2, 2)
    b.share(a, "weight", "grad_weight")
    assert b.weight is a.weight and b.grad_weight is a.grad_weight and b.bias is not a.bias
    with pytest.raises(ValueError, match="do not have the same structure"):
        nn.Sequential(nn.Linear(2, 2)).share(nn.Sequential(nn.Tanh()), "weight")


# -- clone -----------------------------------------------------------------------
def test_clone_is_independent():
    m = _mlp()
    twin = m.clone()
    w = m[0].weight.copy()
    _step(twin, np.ones((2, 3), np.float32))
    np.testing.assert_array_equal(m[0].weight, w)
    assert not np.array_equal(twin[0].weight, w)


def test_clone_with_share_names():
    m = _mlp()
    twin = m.clone("weight", "bias")
    assert twin[0].weight is m[0].weight and twin[2].bias is m[2].bias
    _step(twin, np.ones((2, 3), np.float32))
    assert twin[0].weight is m[0].weight


def test_clone_after_get_parameters():
    m = _mlp()
    flat, _ = m.get_parameters()
    twin = m.clone()
    tflat, _ = twin.get_parameters()
    assert not np.shares_memory(tflat, flat)
    tflat[:] = 0
    assert flat.any() and not twin[0].weight.any()


# -- modes, astype -----------------------------------------------------------------
def test_training_and_evaluate_propagate():
    m = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Dropout(), nn.Tanh()))
    m.evaluate()
    assert all(not x.train for x in m.list_modules())
    m.training()
    assert all(x.train for x in m.list_modules())


def test_astype_casts_and_keeps_sharing():
    a = nn.Linear(3, 3)
    b = nn.Linear(3, 3).share(a, "weight")
    m = nn.Sequential(a, b, nn.BatchNormalization(3)).astype(np.float64)
    assert a.weight.dtype == np.float64 and a.grad_weight.dtype == np.float64
    assert m[2].running_mean.dtype == np.float64
    assert a.weight is b.weight and a.grad_weight is b.grad_weight
    assert m.forward(np.ones((2, 3))).dtype == np.float64


def test_get_parameters_rejects_mixed_dtypes():
    m = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2).astype(np.float64))
    with pytest.raises(ValueError, match="mixed dtypes"):
        m.get_parameters()


# -- dpnn helpers --------------------------------------------------------------------
def test_max_param_norm_renorms_rows_and_leaves_biases():
    m = nn.Linear(3, 4).astype(np.float64)
    m.weight[...] = [[3, 4, 0], [0.1, 0, 0], [0, 0, 10], [1, 1, 1]]
    m.bias[...] = [10, 20, 30, 40]
    m.max_param_norm(2.0)
    norms = np.linalg.norm(m.weight, axis=1)
    np.testing.assert_allclose(norms, [2, 0.1, 2, np.sqrt(3)], rtol=1e-6)
    np.testing.assert_allclose(m.weight[0], [1.2, 1.6, 0], rtol=1e-6)  # direction kept
    np.testing.assert_array_equal(m.bias, [10, 20, 30, 40])


def test_grad_param_clip_returns_norm_and_scales_to_cutoff():
    m = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1)).astype(np.float64)
    grads = m.parameters()[1]
    for i, g in enumerate(grads):
        g[...] = i + 1
    norm = np.sqrt(sum((g ** 2).sum() for g in grads))
    before = [g.copy() for g in grads]
    assert m.grad_param_clip(100.0) == pytest.approx(norm)
    for g, b in zip(grads, before):
        np.testing.assert_array_equal(g, b)
    assert m.grad_param_clip(1.5) == pytest.approx(norm)
    assert np.sqrt(sum((g ** 2).sum() for g in grads)) == pytest.approx(1.5)
    for g, b in zip(grads, before):
        np.testing.assert_allclose(g, b * 1.5 / norm)


@pytest.mark.parametrize("dampening,nesterov", [(None, False), (0.5, False), (None, True), (0.2, True)])
def test_update_grad_parameters_momentum(dampening, nesterov):
    m = nn.Linear(2, 1).astype(np.float64)
    mom, d = 0.9, (0.9 if dampening is None else dampening)  # dampening defaults to momentum (dpnn)
    g1, g2, g3 = 1.0, -2.0, 0.5
    velocity = None
    for g in (g1, g2, g3):
        m.grad_weight[...] = g
        m.grad_bias[...] = 2 * g
        m.update_grad_parameters(mom, dampening, nesterov)
        velocity = g if velocity is None else mom * velocity + (1 - d) * g  # first step: v = g
        expected = g + mom * velocity if nesterov else velocity
        np.testing.assert_allclose(m.grad_weight, expected)
        np.testing.assert_allclose(m.grad_bias, 2 * expected)


def test_update_grad_parameters_zero_momentum_is_a_no_op():
    m = nn.Linear(2, 1)
    m.grad_weight[...] = 3
    m.update_grad_parameters(0)
    np.testing.assert_array_equal(m.grad_weight, 3)


# -- printing ----------------------------------------------------------------------------
def test_repr_tree():
    m = nn.Sequential(nn.Linear(784, 200), nn.ReLU(), nn.Sequential(nn.Linear(200, 10, bias=False), nn.LogSoftMax()))
    assert repr(m) == (
        "nn.Sequential {\n"
        "  [input -> (1) -> (2) -> (3) -> output]\n"
        "  (1): nn.Linear(784 -> 200)\n"
        "  (2): nn.ReLU\n"
        "  (3): nn.Sequential {\n"
        "    [input -> (1) -> (2) -> output]\n"
        "    (1): nn.Linear(200 -> 10 without bias)\n"
        "    (2): nn.LogSoftMax\n"
        "  }\n"
        "}")


# -- bad input -----------------------------------------------------------------------------
def test_wrong_feature_count_names_module_and_shapes():
    m = nn.Sequential(nn.Linear(784, 200), nn.ReLU())
    with pytest.raises(ValueError, match=r"nn.Linear\(784 -> 200\): input shape \(5, 783\) has 783 features, expected 784"):
        m.forward(np.zeros((5, 783), np.float32))


def test_non_float_input():
    with pytest.raises(ValueError, match=r"nn.Linear\(3 -> 2\): expected a float array, got dtype int64"):
        nn.Linear(3, 2).forward(np.zeros((1, 3), np.int64))
    with pytest.raises(ValueError, match="expected a numpy array, got list"):
        nn.Tanh().forward([1.0, 2.0])
    with pytest.raises(ValueError, match=r"input dtype float64 does not match the module's float32"):
        nn.Tanh().forward(np.zeros(3))


def test_class_nll_label_out_of_range():
    with pytest.raises(ValueError, match=r"nn.ClassNLLCriterion: target label 10 is out of range \[0, 10\); labels are 0-based"):
        nn.ClassNLLCriterion().forward(np.zeros((2, 10), np.float32), np.array([3, 10]))


def test_nan_loss_is_a_value_error():
    x = np.array([[np.nan, 0.0]], np.float32)
    with pytest.raises(ValueError, match="the loss is nan.*diverged"):
        nn.ClassNLLCriterion().forward(x, np.array([0]))


def test_update_parameters_through_flat_arrays_matches_per_parameter_updates():
    def model():
        nnlib.manual_seed(3)
        return nn.Sequential(nn.Linear(5, 4), nn.Tanh(), nn.Linear(4, 3))
    flat, separate = model(), model()
    flat.get_parameters()
    for m in (flat, separate):
        x = np.random.default_rng(0).standard_normal((2, 5)).astype(np.float32)
        m.backward(x, m.forward(x))
        m.update_parameters(0.3)
    for a, b in zip(flat.parameters()[0], separate.parameters()[0]):
        np.testing.assert_array_equal(a, b)
    flat.zero_grad_parameters()
    assert not flat.get_parameters()[1].any()


def test_update_parameters_follows_the_modules_once_the_flat_layout_no_longer_holds():
    m = _mlp()
    m.get_parameters()
    twin = m.clone()
    x = np.ones((2, 3), np.float32)
    twin.backward(x, twin.forward(x))
    before, twin_before = m[0].weight.copy(), twin[0].weight.copy()
    twin.update_parameters(0.5)
    np.testing.assert_array_equal(m[0].weight, before)
    assert not np.array_equal(twin[0].weight, twin_before)
    m[0].weight = np.zeros_like(m[0].weight)
    m[0].grad_weight = np.ones_like(m[0].weight)
    m.update_parameters(0.5)
    np.testing.assert_array_equal(m[0].weight, -0.5)


def test_update_parameters_rejects_a_non_contiguous_parameter():
    m = nn.Linear(3, 4)
    m.weight = np.asfortranarray(m.weight)
    with pytest.raises(ValueError, match="not C-contiguous"):
        m.update_parameters(0.1)


# -- Torch7's camelCase names are traps, not silent new attributes ------------------------
@pytest.mark.parametrize("obj,name,snake", [
    (nn.Linear(2, 3), "gradWeight", "grad_weight"),
    (nn.Linear(2, 3), "gradInput", "grad_input"),
    (nn.Linear(2, 3), "zeroGradParameters", "zero_grad_parameters"),
    (nn.Linear(2, 3), "updateOutput", "update_output"),
    (nn.Sequential(), "listModules", "list_modules"),
    (nn.JoinTable(1, 1), "nInputDims", "n_input_dims"),
    (nn.MSECriterion(), "sizeAverage", "size_average"),
    (nn.MSECriterion(), "gradInput", "grad_input"),
    (nn.MSECriterion(), "updateGradInput", "update_grad_input"),
])
def test_camel_case_reads_and_writes_name_the_snake_case_attribute(obj, name, snake):
    with pytest.raises(AttributeError, match=f"{name}.*nnlib spells it '{snake}'"):
        getattr(obj, name)
    with pytest.raises(AttributeError, match=f"cannot set '{name}', Torch7's camelCase name; nnlib spells it '{snake}'"):
        setattr(obj, name, 0)
    assert name not in vars(obj)


def test_size_average_set_the_torch7_way_does_not_silently_keep_averaging():
    crit = nn.MSECriterion()
    with pytest.raises(AttributeError, match="size_average"):
        crit.sizeAverage = False
    assert crit.size_average is True


def test_camel_case_names_without_a_snake_case_twin_are_ordinary_attributes():
    m = nn.Linear(2, 3)
    m.myTag = "encoder"
    assert m.myTag == "encoder"
    with pytest.raises(AttributeError, match="'Linear' object has no attribute 'otherTag'"):
        m.otherTag


# -- backward needs a forward and a gradient shaped as the output --------------------
def test_backward_before_forward_names_the_module():
    with pytest.raises(RuntimeError, match=r"nn.Linear\(3 -> 2\): backward called before forward"):
        nn.Linear(3, 2).backward(np.ones((1, 3), np.float32), np.ones((1, 2), np.float32))
    m = _mlp()
    with pytest.raises(RuntimeError, match=r"nn.Sequential: backward called before forward"):
        m.backward(np.ones((1, 3), np.float32), np.ones((1, 2), np.float32))
    m.forward(np.ones((1, 3), np.float32))
    m.clear_state()
    with pytest.raises(RuntimeError, match="backward called before forward"):
        m.backward(np.ones((1, 3), np.float32), np.ones((1, 2), np.float32))


def test_backward_with_a_wrong_gradient_names_the_expected_shape_and_dtype():
    m = _mlp()
    x = np.ones((4, 3), np.float32)
    m.forward(x)
    with pytest.raises(ValueError, match=r"nn.Sequential: grad_output shape \(4, 3\) does not match shape \(4, 2\)"):
        m.backward(x, np.ones((4, 3), np.float32))
    with pytest.raises(ValueError, match=r"grad_output dtype float64 does not match the output's float32"):
        m.backward(x, np.ones((4, 2)))


# -- container editing and tree walking --------------------------------------------------------
def test_insert_remove_get_size_are_0_based():
    a, b, c = nn.Linear(3, 3), nn.Tanh(), nn.ReLU()
    s = nn.Sequential(a, c)
    assert s.insert(b, 1) is s and s.modules == [a, b, c] and s.get(1) is b and s.size() == 3
    d = nn.Sigmoid()
    s.insert(d)  # default: append
    assert s.get(-1) is d
    assert s.remove() is d and s.remove(0) is a and s.modules == [b, c]
    with pytest.raises(IndexError, match="nn.Sequential.remove: index 2 is out of range for 2 children"):
        s.remove(2)
    with pytest.raises(IndexError, match="index 4 is not contiguous to the 2 children"):
        s.insert(nn.Tanh(), 4)


def test_find_modules_returns_modules_and_their_containers():
    inner = nn.Sequential(nn.Linear(2, 2), nn.Tanh())
    model = nn.Sequential(nn.Linear(3, 2), nn.Concat(1, inner, nn.Linear(2, 1)))
    found, parents = model.find_modules("nn.Linear")
    assert found == [model[0], inner[0], model[1][1]]
    assert parents == [model, inner, model[1]]
    assert model.find_modules(nn.Tanh) == ([inner[1]], [inner])
    assert model.find_modules("Sequential") == ([model, inner], [model, model[1]])
    assert model.find_modules(nn.Module) == ([], [])  # exact type, as Torch7


def test_apply_replace_and_list_modules():
    model = nn.Sequential(nn.Linear(3, 2), nn.Sequential(nn.Tanh(), nn.Linear(2, 2)))
    seen = []
    assert model.apply(lambda m: seen.append(type(m).__name__)) is model
    assert seen == ["Sequential", "Linear", "Sequential", "Tanh", "Linear"]
    assert [type(m).__name__ for m in model.list_modules()] == seen
    out = model.replace(lambda m: nn.ReLU() if isinstance(m, nn.Tanh) else m)
    assert out is model and isinstance(model[1][0], nn.ReLU)


def test_named_modules_and_parameters_use_pytorch_names():
    model = nn.Sequential(nn.Linear(3, 2), nn.Tanh(), nn.Sequential(nn.Linear(2, 2)))
    assert [n for n, _ in model.named_modules()] == ["", "0", "1", "2", "2.0"]
    named = model.named_parameters()
    assert [n for n, _ in named] == ["0.weight", "0.bias", "2.0.weight", "2.0.bias"]
    assert named[2][1] is model[2][0].weight
    model[2][0].share(model[0], "bias")
    assert [n for n, _ in model.named_parameters()] == ["0.weight", "0.bias", "2.0.weight"]


def test_eval_is_evaluate():
    m = nn.Sequential(nn.Dropout(0.5))
    assert m.eval() is m and m[0].train is False and m.training()[0].train is True


def test_type_float_double():
    m = _mlp()
    assert m.type() == np.float32
    assert m.double() is m and m[0].weight.dtype == np.float64 and m.type() == np.float64
    assert m.float()[2].bias.dtype == np.float32
    assert m.type("torch.DoubleTensor")[0].grad_weight.dtype == np.float64


def test_reset_reaches_every_nested_child():
    model = nn.Sequential(nn.Concat(1, nn.Linear(3, 4), nn.Sequential(nn.Linear(3, 2))), nn.Linear(6, 2))
    model.reset(0.01)
    for p in model.parameters()[0]:
        assert np.abs(p).max() <= 0.01 * np.sqrt(3) * (1 + 1e-6)  # Torch7's reset(stdv): U(-stdv*sqrt(3), ..)


def test_get_parameters_across_nested_table_containers():
    model = nn.Sequential(nn.ConcatTable(nn.Linear(3, 2), nn.Sequential(nn.Linear(3, 2), nn.Tanh())),
                          nn.ParallelTable(nn.Linear(2, 2), nn.Identity()), nn.CAddTable())
    flat, gflat = model.get_parameters()
    assert flat.size == 2 * (3 * 2 + 2) + (2 * 2 + 2)
    for p, g in zip(*model.parameters()):
        assert np.shares_memory(p, flat) and np.shares_memory(g, gflat)
    x = np.ones((1, 3), np.float32)
    model.zero_grad_parameters()
    model.backward(x, np.ones_like(model.forward(x)))
    assert gflat.all()


def test_clone_keeps_the_sharing_inside_the_tree():
    a = nn.Linear(2, 2)
    b = nn.Linear(2, 2).share(a, "weight", "bias")
    twin = nn.Sequential(a, nn.Tanh(), b).clone()
    assert twin[2].weight is twin[0].weight and twin[2].grad_bias is twin[0].grad_bias
    assert twin[0].weight is not a.weight


def test_clear_state_drops_outputs_and_work_arrays():
    m = _mlp()
    x = np.ones((2, 3), np.float32)
    m.backward(x, np.ones_like(m.forward(x)))
    assert m.clear_state() is m
    for sub in m.list_modules():
        assert sub.output is None and sub.grad_input is None
        assert not any(isinstance(v, np.ndarray) and k.startswith("_") for k, v in vars(sub).items())
    np.testing.assert_array_equal(m.forward(x).shape, (2, 2))


def test_acc_update_grad_parameters_steps_once_per_shared_parameter_and_keeps_gradients():
    rng = np.random.default_rng(0)
    a = nn.Linear(3, 3).astype(np.float64)
    b = a.clone("weight", "bias")
    model = nn.Sequential(a, nn.Tanh(), b).astype(np.float64)
    reference = model.clone()
    x = rng.standard_normal((2, 3))
    g = rng.standard_normal((2, 3))
    model[0].grad_weight[...] = 7.0
    model.forward(x)
    model.backward_update(x, g, 0.1)
    np.testing.assert_array_equal(model[2].grad_weight, 7.0)  # accumulated gradients untouched
    reference.zero_grad_parameters()
    reference.forward(x)
    reference.backward(x, g)
    reference.update_parameters(0.1)
    for p, q in zip(model.parameters()[0], reference.parameters()[0]):
        np.testing.assert_allclose(p, q, rtol=1e-12)
