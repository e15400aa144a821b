"""Freezing (PyTorch's habit): requires_grad = False keeps a module's parameters out of training.

The check is Module's, once: backward/sequence_backward run with scale 0 and
acc_grad_parameters does nothing for a frozen module, whatever its class.
"""
import numpy as np
import pytest

import nnlib
from nnlib import nn, optim
from nnlib.testing import check_module_gradients


def _mlp():
    return nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 3))


def _cnn():
    return nn.Sequential(nn.SpatialConvolution(2, 3, 3, 3), nn.ReLU(), nn.View(-1).set_num_input_dims(3),
                         nn.Linear(3 * 3 * 3, 3))


def _lstm_lm():
    return nn.Sequential(nn.Sequencer(nn.LSTM(4, 5)), nn.Sequencer(nn.Linear(5, 3)))


CASES = {  # model, the frozen part, an input
    "Linear": (_mlp, lambda m: m.get(0), lambda rng: rng.standard_normal((6, 4))),
    "SpatialConvolution": (_cnn, lambda m: m.get(0), lambda rng: rng.standard_normal((2, 2, 5, 5))),
    "LSTM": (_lstm_lm, lambda m: m.get(0).module, lambda rng: rng.standard_normal((3, 2, 4))),
    "SeqLSTM": (lambda: nn.Sequential(nn.SeqLSTM(4, 5), nn.Sequencer(nn.Linear(5, 3))), lambda m: m.get(0),
                lambda rng: rng.standard_normal((3, 2, 4))),
}


@pytest.fixture(params=list(CASES))
def case(request):
    return CASES[request.param]


def _train(model, x, steps, trainable_only=False, **config):
    params, grads = model.get_parameters(trainable_only=trainable_only)
    rng = np.random.default_rng(1)
    gy = rng.standard_normal(model.forward(x).shape)

    def feval(_):
        model.zero_grad_parameters()
        out = model.forward(x)
        model.backward(x, gy)
        return float(np.sum(out * gy)), grads

    for _ in range(steps):
        optim.sgd(feval, params, dict(learning_rate=0.1, **config))


def test_frozen_part_keeps_its_weights_bit_for_bit_through_sgd(case):
    make, frozen_part, make_x = case
    nnlib.manual_seed(0)
    model = make().astype(np.float64)
    x = make_x(np.random.default_rng(0))
    frozen = frozen_part(model)
    frozen.requires_grad = False
    before = [p.copy() for p in frozen.parameters()[0]]
    others = [p.copy() for p in model.parameters(trainable_only=True)[0]]
    _train(model, x, 3)
    for a, b in zip(frozen.parameters()[0], before):
        np.testing.assert_array_equal(a, b)
    assert all(not g.any() for g in frozen.parameters()[1])  # never accumulated
    assert all(not np.array_equal(a, b) for a, b in zip(model.parameters(trainable_only=True)[0], others))


def test_trainable_only_leaves_frozen_parameters_out_of_the_optimizer(case):
    make, frozen_part, make_x = case
    nnlib.manual_seed(0)
    model = make().astype(np.float64)
    frozen = frozen_part(model)
    frozen.requires_grad_(False)
    n_frozen = sum(p.size for p in frozen.parameters()[0])
    flat, _ = model.get_parameters(trainable_only=True)
    assert flat.size == sum(p.size for p in model.parameters()[0]) - n_frozen
    before = [p.copy() for p in frozen.parameters()[0]]
    _train(model, make_x(np.random.default_rng(0)), 2, trainable_only=True, weight_decay=0.5)
    for a, b in zip(frozen.parameters()[0], before):  # weight decay would have moved them
        np.testing.assert_array_equal(a, b)


def test_gradient_input_is_unchanged_by_freezing(case):
    make, frozen_part, make_x = case
    nnlib.manual_seed(0)
    model = make().astype(np.float64)
    twin = model.clone()
    frozen_part(twin).requires_grad = False
    x = make_x(np.random.default_rng(2))
    gy = np.random.default_rng(3).standard_normal(model.forward(x).shape)
    twin.forward(x)
    np.testing.assert_array_equal(twin.backward(x, gy), model.backward(x, gy))
    check_module_gradients(twin, x, check_parameters=False)


def test_update_parameters_and_backward_update_leave_frozen_modules():
    nnlib.manual_seed(0)
    model = _mlp().astype(np.float64)
    x = np.random.default_rng(0).standard_normal((6, 4))
    gy = np.ones((6, 3))
    model.forward(x)
    model.backward(x, gy)  # gradients accumulated before freezing are not applied either
    model.get(0).requires_grad = False
    before = model.get(0).weight.copy()
    model.update_parameters(0.1)
    model.forward(x)
    model.backward_update(x, gy, 0.1)
    np.testing.assert_array_equal(model.get(0).weight, before)
    model.get(2).grad_weight[...] = 0
    model.acc_grad_parameters(x, gy)  # a container's direct call skips the frozen child
    assert model.get(2).grad_weight.any()
    grads_first = model.get(0).grad_weight.copy()
    model.acc_grad_parameters(x, gy)
    np.testing.assert_array_equal(model.get(0).grad_weight, grads_first)


def test_flag_applies_to_children_and_survives_save(tmp_path):
    model = _mlp()
    model.requires_grad = False
    assert all(not m.requires_grad for m in model.list_modules())
    assert model.parameters(trainable_only=True) == ([], [])
    model.get(2).requires_grad = True
    nnlib.save(tmp_path / "m.h5", model)
    loaded = nnlib.load(tmp_path / "m.h5")
    assert [m.requires_grad for m in loaded.list_modules()] == [False, False, False, True]
    assert nn.Linear(2, 2).requires_grad


def test_recursor_clones_follow_a_later_freeze():
    nnlib.manual_seed(0)
    inner = nn.Sequential(nn.Linear(3, 3), nn.Tanh())
    rec = nn.Recursor(inner).astype(np.float64)
    x = np.random.default_rng(0).standard_normal((2, 3))
    for _ in range(2):  # clones exist before freezing
        rec.forget()
        rec.forward(x)
        rec.backward(x, np.ones((2, 3)))
    inner.get(0).requires_grad = False
    inner.zero_grad_parameters()
    rec.forget()
    rec.forward(x)
    rec.backward(x, np.ones((2, 3)))
    assert not inner.get(0).grad_weight.any()


def test_a_container_with_an_unfrozen_child_trains_that_child():
    nnlib.manual_seed(0)
    model = _mlp().astype(np.float64)
    model.requires_grad = False
    model.get(2).requires_grad = True
    x = np.random.default_rng(0).standard_normal((6, 4))
    model.forward(x)
    model.backward(x, np.ones((6, 3)))
    assert model.get(2).grad_weight.any() and not model.get(0).grad_weight.any()


def test_recurrent_fast_path_leaves_a_frozen_feedback_module():
    nnlib.manual_seed(0)
    rnn = nn.Recurrent(nn.Add(4), nn.Linear(3, 4), nn.Linear(4, 4), nn.Tanh()).astype(np.float64)
    rnn.feedback_module.requires_grad = False
    seq = nn.Sequencer(rnn)
    x = np.random.default_rng(0).standard_normal((3, 2, 3))
    seq.forward(x)
    seq.backward(x, np.ones((3, 2, 4)))
    assert not rnn.feedback_module.grad_weight.any() and not rnn.feedback_module.grad_bias.any()
    assert rnn.input_module.grad_weight.any() and rnn.start.grad_bias.any()
