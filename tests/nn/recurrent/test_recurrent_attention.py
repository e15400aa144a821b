import numpy as np
import pytest

import nnlib
from nnlib import nn
from nnlib.testing import check_module_gradients


def _model(sampler, action_weight_scale=1.0):
    """rnn: h_t = tanh(W_x x + W_l l_t + b + U h_{t-1}); action: l_t = sampler(tanh(A h_{t-1}))."""
    glimpse = nn.Sequential(nn.ParallelTable(nn.Linear(5, 4), nn.Linear(2, 4, False)), nn.CAddTable())
    rnn = nn.Recurrent(4, glimpse, nn.Linear(4, 4), nn.Tanh())
    action_linear = nn.Linear(4, 2)
    action_linear.weight *= action_weight_scale
    action = nn.Sequential(action_linear, nn.Tanh(), sampler)
    return nn.RecurrentAttention(rnn, action, 3, 4).astype(np.float64)


def _x(seed=0):
    return np.random.default_rng(seed).standard_normal((2, 5))


def test_forward_unrolls_rnn_and_action():
    nnlib.manual_seed(0)
    ra = _model(nn.ReinforceNormal(0.1))
    x = _x()
    nnlib.manual_seed(1)
    out = ra.forward(x)
    assert out.shape == (3, 2, 4)
    # replay: the same steps through the step API with the recorded locations
    rnn = ra.rnn
    rnn.forget()
    for t in range(3):
        np.testing.assert_allclose(rnn.forward([x, ra._actions[t]]), out[t], rtol=1e-12)
    glimpse_l = rnn.input_module.modules[0].modules[1]
    assert np.abs(ra._actions[0]).max() > 0 and glimpse_l.weight.any()


def test_input_gradient_without_a_path_through_the_locations():
    """The locations' gradient is cut (REINFORCE trains them): with an action that ignores h (zero weights),
    finite differences of the input see exactly that model."""
    nnlib.manual_seed(0)
    ra = _model(nn.ReinforceNormal(0.1), action_weight_scale=0.0)
    ra.evaluate()  # the sampler outputs its mean: deterministic
    nn.reinforce(ra, np.zeros(2))
    check_module_gradients(ra, _x(1), check_parameters=False)


def test_reinforce_trains_the_action():
    nnlib.manual_seed(0)
    sampler = nn.ReinforceNormal(0.5)
    ra = _model(sampler)
    x = _x(2)
    out = ra.forward(x)
    nn.reinforce(ra, np.array([1.0, -1.0]))
    ra.zero_grad_parameters()
    ra.backward(x, np.zeros_like(out))
    action_linear = ra.action.module.modules[0]
    assert np.abs(action_linear.grad_weight).max() > 0  # only REINFORCE reached it
    with pytest.raises(ValueError, match="n_step"):
        ra.backward(x, np.zeros((2, 2, 4)))
